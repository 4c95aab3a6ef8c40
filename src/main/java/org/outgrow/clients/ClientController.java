package org.outgrow.clients;

import java.util.Set;
import java.util.UUID;

import jakarta.validation.Valid;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Invitations;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Role;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A therapist's clients: the list, registering a client, a client's page and inviting them to
 * the portal. A therapist sees only the clients assigned to them; every opening of a client's
 * page is audited.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class ClientController {

    private final Clients clients;
    private final Intake intake;
    private final Invitations invitations;
    private final Practices practices;
    private final ApplicationEventPublisher events;

    ClientController(Clients clients, Intake intake, Invitations invitations, Practices practices,
                     ApplicationEventPublisher events) {
        this.clients = clients;
        this.intake = intake;
        this.invitations = invitations;
        this.practices = practices;
        this.events = events;
    }

    @Bean
    static Navigation clientsNavigation() {
        return new Navigation("/clients", "nav.clients", Set.of("THERAPIST"), 10);
    }

    @GetMapping("/clients")
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("clients", clients.ofTherapist(user.accountId()));
        return "clients/list";
    }

    @GetMapping("/clients/new")
    String newForm(Model model) {
        model.addAttribute("client", ClientForm.empty());
        return "clients/new";
    }

    @PostMapping("/clients")
    @Transactional
    String register(@Valid @ModelAttribute("client") ClientForm form, BindingResult result,
                    @AuthenticationPrincipal OutgrowUser user) {
        if (result.hasErrors()) {
            return "clients/new";
        }
        UUID id = clients.register(form.displayName(), form.email(), user.accountId());
        events.publishEvent(AuditEvent.write("CLIENT_REGISTERED", "client", id, id));
        return "redirect:/clients/" + id;
    }

    @GetMapping("/clients/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        Client client = assigned(id, user);
        events.publishEvent(AuditEvent.read("CLIENT_VIEWED", "client", id, id));
        model.addAttribute("client", client);
        model.addAttribute("intake", intake.status(id));
        model.addAttribute("zone", practices.current().timeZone());
        return "clients/show";
    }

    @PostMapping("/clients/{id}/portal-invitation")
    @Transactional
    String invite(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        Client client = assigned(id, user);
        if (client.email() == null || client.accountId() != null) {
            redirect.addFlashAttribute("notice", client.email() == null ? "client.invite.noEmail"
                    : "client.invite.already");
            return "redirect:/clients/" + id;
        }
        try {
            Invitations.Invitation invitation = invitations.invite(client.email(), client.displayName(),
                    Set.of(Role.CLIENT), practices.current().name());
            clients.linkAccount(id, invitation.accountId());
        } catch (Accounts.EmailInUse e) {
            redirect.addFlashAttribute("notice", "client.invite.emailTaken");
            return "redirect:/clients/" + id;
        }
        events.publishEvent(AuditEvent.write("CLIENT_INVITED", "client", id, id));
        redirect.addFlashAttribute("notice", "client.invite.sent");
        return "redirect:/clients/" + id;
    }

    /** The client, if assigned to this therapist; otherwise 404 (not 403: no hint that it exists). */
    private Client assigned(UUID id, OutgrowUser user) {
        return clients.find(id).filter(client -> user.accountId().equals(client.therapistId()))
                .orElseThrow(() -> {
                    events.publishEvent(AuditEvent.denied("client", id.toString()));
                    return new ResponseStatusException(HttpStatus.NOT_FOUND);
                });
    }
}
