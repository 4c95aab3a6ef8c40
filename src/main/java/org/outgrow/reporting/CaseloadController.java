package org.outgrow.reporting;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The therapist's home: every open episode, most urgent first, and the clients between episodes. */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class CaseloadController {

    private final Caseload caseload;
    private final Practices practices;
    private final ApplicationEventPublisher events;

    CaseloadController(Caseload caseload, Practices practices, ApplicationEventPublisher events) {
        this.caseload = caseload;
        this.practices = practices;
        this.events = events;
    }

    @Bean
    static Navigation caseloadNavigation() {
        return new Navigation("/caseload", "nav.caseload", Set.of("THERAPIST"), 9);
    }

    /**
     * Past clients listed on the caseload at most: a therapist who brought years of history in
     * has thousands, and the full list is one click away under "All my clients".
     */
    static final int BETWEEN_SHOWN = 50;

    @GetMapping("/caseload")
    String show(@AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        var rows = caseload.of(user.accountId(), locale);
        events.publishEvent(AuditEvent.read("CASELOAD_VIEWED", "account", user.accountId(), null));
        List<Caseload.Row> between = rows.stream().filter(row -> !row.open()).toList();
        model.addAttribute("open", rows.stream().filter(Caseload.Row::open).toList());
        model.addAttribute("between", between.subList(0, Math.min(BETWEEN_SHOWN, between.size())));
        model.addAttribute("betweenMore", Math.max(0, between.size() - BETWEEN_SHOWN));
        model.addAttribute("zone", practices.current().timeZone());
        return "reporting/caseload";
    }
}
