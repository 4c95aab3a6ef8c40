package org.outgrow.clients;

import java.util.Set;

import org.outgrow.identity.Accounts;
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

/** The client's portal, made for a phone first. Shows only the client's own record. */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalController {

    private final Clients clients;
    private final Accounts accounts;
    private final Intake intake;
    private final Practices practices;
    private final ApplicationEventPublisher events;

    PortalController(Clients clients, Accounts accounts, Intake intake, Practices practices,
                     ApplicationEventPublisher events) {
        this.clients = clients;
        this.accounts = accounts;
        this.intake = intake;
        this.practices = practices;
        this.events = events;
    }

    @Bean
    static Navigation portalNavigation() {
        return new Navigation("/portal", "nav.portal", Set.of("CLIENT"), 1);
    }

    @GetMapping("/portal")
    String home(@AuthenticationPrincipal OutgrowUser user, Model model) {
        clients.ofAccount(user.accountId()).ifPresent(client -> {
            events.publishEvent(AuditEvent.read("PORTAL_VIEWED", "client", client.id(), client.id()));
            model.addAttribute("client", client);
            model.addAttribute("intake", intake.status(client.id()));
            if (client.therapistId() != null) {
                accounts.summary(client.therapistId())
                        .ifPresent(therapist -> model.addAttribute("therapistName", therapist.displayName()));
            }
        });
        model.addAttribute("practice", practices.current());
        return "clients/portal";
    }
}
