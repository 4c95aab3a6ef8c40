package org.outgrow.practice;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Invitations;
import org.outgrow.identity.Role;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.mail.Mail;
import org.outgrow.shared.web.Navigation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The practice administrator's pages: staff and invitations, practice settings and (when no mail
 * server is configured) the outbox. No clinical content is reachable from here.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AdminController {

    private final Practices practices;
    private final Accounts accounts;
    private final Invitations invitations;
    private final Mail mail;
    private final ApplicationEventPublisher events;
    private final boolean demo;

    AdminController(Practices practices, Accounts accounts, Invitations invitations, Mail mail,
                    ApplicationEventPublisher events,
                    @Value("${outgrow.demo.enabled:false}") boolean demo) {
        this.practices = practices;
        this.accounts = accounts;
        this.invitations = invitations;
        this.mail = mail;
        this.events = events;
        this.demo = demo;
    }

    @Bean
    static Navigation adminStaffNavigation() {
        return new Navigation("/admin", "nav.staff", Set.of("ADMIN"), 50);
    }

    @Bean
    static Navigation adminSettingsNavigation() {
        return new Navigation("/admin/settings", "nav.settings", Set.of("ADMIN"), 51);
    }

    @Bean
    static Navigation adminAuditNavigation() {
        return new Navigation("/admin/audit", "nav.audit", Set.of("ADMIN"), 52);
    }

    @GetMapping("/admin")
    String staff(Model model) {
        if (!model.containsAttribute("invitation")) {
            model.addAttribute("invitation", StaffInvitationForm.empty());
        }
        return staffPage(model);
    }

    @PostMapping("/admin/staff")
    String invite(@Valid @ModelAttribute("invitation") StaffInvitationForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (form.roles() != null && form.roles().contains(Role.CLIENT)) {
            result.rejectValue("roles", "staff.roles.noClient");
        }
        if (result.hasErrors()) {
            return staffPage(model);
        }
        try {
            invitations.invite(form.email(), form.displayName(), EnumSet.copyOf(form.roles()),
                    practices.current().name());
        } catch (Accounts.EmailInUse e) {
            result.rejectValue("email", "staff.email.taken");
            return staffPage(model);
        }
        redirect.addFlashAttribute("notice", "staff.invited");
        redirect.addFlashAttribute("noticeArgument", form.email());
        return "redirect:/admin";
    }

    @PostMapping("/admin/staff/{id}/invitation")
    String resend(@PathVariable java.util.UUID id, RedirectAttributes redirect) {
        invitations.resend(id, practices.current().name())
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        redirect.addFlashAttribute("notice", "staff.reinvited");
        return "redirect:/admin";
    }

    @PostMapping("/admin/staff/{id}/disable")
    String disable(@PathVariable java.util.UUID id, RedirectAttributes redirect) {
        accounts.summary(id).orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        if (org.outgrow.shared.Actor.current().map(actor -> actor.accountId().equals(id)).orElse(false)) {
            redirect.addFlashAttribute("notice", "staff.cannotDisableSelf");
            return "redirect:/admin";
        }
        accounts.disable(id);
        events.publishEvent(AuditEvent.write("ACCOUNT_DISABLED", "account", id, null));
        redirect.addFlashAttribute("notice", "staff.disabled");
        return "redirect:/admin";
    }

    private String staffPage(Model model) {
        List<Accounts.Summary> staff = accounts.inPractice().stream()
                .filter(account -> account.roles().stream().anyMatch(Role::staff)).toList();
        model.addAttribute("staff", staff);
        model.addAttribute("staffRoles", List.of(Role.THERAPIST, Role.SUPERVISOR, Role.ADMIN));
        model.addAttribute("outboxVisible", outboxVisible());
        return "practice/staff";
    }

    @GetMapping("/admin/settings")
    String settings(Model model) {
        Practice practice = practices.current();
        model.addAttribute("settings", new SettingsForm(practice.name(), practice.timeZone().getId(),
                practice.crisisResources()));
        return "practice/settings";
    }

    @PostMapping("/admin/settings")
    String saveSettings(@Valid @ModelAttribute("settings") SettingsForm form, BindingResult result,
                        RedirectAttributes redirect) {
        ZoneId zone = null;
        try {
            zone = ZoneId.of(form.timeZone().strip());
        } catch (DateTimeException | NullPointerException e) {
            result.rejectValue("timeZone", "settings.timeZone.invalid");
        }
        if (result.hasErrors()) {
            return "practice/settings";
        }
        practices.updateSettings(Tenancy.requirePractice(), form.name().strip(), zone,
                form.crisisResources() == null ? "" : form.crisisResources().strip());
        events.publishEvent(AuditEvent.write("SETTINGS_CHANGED", "practice", Tenancy.requirePractice(), null));
        redirect.addFlashAttribute("notice", "settings.saved");
        return "redirect:/admin/settings";
    }

    /**
     * Mail as queued, readable only in the demo: it holds sign-in links, and an administrator who
     * could read them in production could sign in as a client.
     */
    @GetMapping("/admin/outbox")
    String outbox(Model model) {
        if (!outboxVisible()) {
            throw new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND);
        }
        model.addAttribute("mails", mail.recent(50));
        return "practice/outbox";
    }

    private boolean outboxVisible() {
        return demo;
    }
}
