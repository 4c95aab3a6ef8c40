package org.outgrow.sessions;

import java.util.Set;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The client's sessions: what is coming and what has been. */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalSessionsController {

    private final SessionWork work;

    PortalSessionsController(SessionWork work) {
        this.work = work;
    }

    @Bean
    static Navigation sessionsNavigation() {
        return new Navigation("/portal/sessions", "nav.sessions", Set.of("CLIENT"), 3);
    }

    @GetMapping("/portal/sessions")
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("appointments", work.ofClient(user));
        model.addAttribute("zone", work.zone());
        model.addAttribute("now", work.now());
        return "sessions/portal";
    }
}
