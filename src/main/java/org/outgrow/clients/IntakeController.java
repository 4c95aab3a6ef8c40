package org.outgrow.clients;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.practice.ExpectationsStatement;
import org.outgrow.practice.ExpectationsStatements;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The client's own intake steps in the portal: reading and acknowledging the practice's
 * expectations statement, giving or withdrawing consent to measurement and to a progress report
 * for their referrer. The client is always
 * the signed-in person's own record; no request names a client, so nobody can act for another.
 */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class IntakeController {

    private final Clients clients;
    private final Intake intake;
    private final ExpectationsStatements statements;
    private final Practices practices;
    private final ApplicationEventPublisher events;

    IntakeController(Clients clients, Intake intake, ExpectationsStatements statements, Practices practices,
                     ApplicationEventPublisher events) {
        this.clients = clients;
        this.intake = intake;
        this.statements = statements;
        this.practices = practices;
        this.events = events;
    }

    @GetMapping("/portal/expectations")
    String expectations(@AuthenticationPrincipal OutgrowUser user, Model model) {
        Client client = own(user);
        events.publishEvent(AuditEvent.read("EXPECTATIONS_VIEWED", "client", client.id(), client.id()));
        model.addAttribute("statement", statements.current().orElse(null));
        model.addAttribute("intake", intake.status(client.id()));
        model.addAttribute("zone", practices.current().timeZone());
        return "clients/expectations";
    }

    /** {@code version} is the number the client read, so a version published meanwhile is not acknowledged unread. */
    @PostMapping("/portal/expectations")
    @Transactional
    String acknowledge(@RequestParam int version, @AuthenticationPrincipal OutgrowUser user,
                       RedirectAttributes redirect) {
        Client client = own(user);
        ExpectationsStatement statement = statements.version(version)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        if (intake.acknowledge(client.id(), statement)) {
            events.publishEvent(AuditEvent.write("EXPECTATIONS_ACKNOWLEDGED", "client", client.id(), client.id()));
        }
        redirect.addFlashAttribute("notice", "intake.acknowledged");
        return "redirect:/portal";
    }

    @GetMapping("/portal/consent")
    String consent(@AuthenticationPrincipal OutgrowUser user, Model model) {
        Client client = own(user);
        events.publishEvent(AuditEvent.read("CONSENT_VIEWED", "client", client.id(), client.id()));
        model.addAttribute("history", intake.consentHistory(client.id()));
        model.addAttribute("consent", intake.consent(client.id()).orElse(null));
        model.addAttribute("referrerHistory", intake.referrerSharingHistory(client.id()));
        model.addAttribute("referrer", intake.referrerSharing(client.id()).orElse(null));
        model.addAttribute("zone", practices.current().timeZone());
        return "clients/consent";
    }

    @PostMapping("/portal/consent")
    @Transactional
    String decide(@RequestParam boolean given, @AuthenticationPrincipal OutgrowUser user,
                  RedirectAttributes redirect) {
        Client client = own(user);
        if (intake.decideMeasurement(client.id(), given)) {
            events.publishEvent(AuditEvent.write(given ? "MEASUREMENT_CONSENT_GIVEN" : "MEASUREMENT_CONSENT_WITHDRAWN",
                    "client", client.id(), client.id()));
        }
        redirect.addFlashAttribute("notice", given ? "consent.given" : "consent.withdrawn");
        return "redirect:/portal";
    }

    /** The client's own choice whether their therapist may give a progress report to whoever referred them. */
    @PostMapping("/portal/consent/referrer")
    @Transactional
    String decideReferrer(@RequestParam boolean given, @AuthenticationPrincipal OutgrowUser user,
                          RedirectAttributes redirect) {
        Client client = own(user);
        if (intake.decideReferrerSharing(client.id(), given)) {
            events.publishEvent(AuditEvent.write(given ? "REFERRER_SHARING_GIVEN" : "REFERRER_SHARING_WITHDRAWN",
                    "client", client.id(), client.id()));
        }
        redirect.addFlashAttribute("notice", given ? "referrerSharing.given" : "referrerSharing.withdrawn");
        return "redirect:/portal/consent#referrer";
    }

    /** The signed-in client's own record; a client account without one has nothing here. */
    private Client own(OutgrowUser user) {
        return clients.ofAccount(user.accountId())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }
}
