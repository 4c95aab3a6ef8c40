package org.outgrow.reporting;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Reauthentication;
import org.outgrow.identity.Role;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.mail.Mail;
import org.outgrow.shared.web.Navigation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Emergency access for an administrator: with a written reason and a fresh proof of identity
 * given with the request (the authenticator code, or the password for an account without one; a
 * recent sign-in is not enough), one client's record opens for {@link #WINDOW}: who they are and
 * how to reach them, their therapist, their episodes' stages and open alerts, never notes of any
 * kind. Every grant and every look is audited, the client sees the grant and its reason in their
 * access history, and the practice's other administrators and the client's therapist are told by
 * e-mail, without clinical details.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class EmergencyAccessController {

    static final Duration WINDOW = Duration.ofHours(1);

    public record Grant(UUID id, UUID clientId, String clientName, String reason, Instant grantedAt,
                        Instant expiresAt) {
    }

    public record OpenAlert(String kind, Instant openedAt) {
    }

    private final JdbcClient jdbc;
    private final Clients clients;
    private final Episodes episodes;
    private final Accounts accounts;
    private final Practices practices;
    private final Reauthentication reauthentication;
    private final Mail mail;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String baseUrl;

    EmergencyAccessController(JdbcClient jdbc, Clients clients, Episodes episodes, Accounts accounts,
                              Practices practices, Reauthentication reauthentication, Mail mail,
                              MessageSource messages, ApplicationEventPublisher events, Clock clock,
                              @Value("${outgrow.base-url}") String baseUrl) {
        this.jdbc = jdbc;
        this.clients = clients;
        this.episodes = episodes;
        this.accounts = accounts;
        this.practices = practices;
        this.reauthentication = reauthentication;
        this.mail = mail;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    @Bean
    static Navigation emergencyNavigation() {
        return new Navigation("/admin/emergency", "nav.emergency", java.util.Set.of("ADMIN"), 54);
    }

    @GetMapping("/admin/emergency")
    @Transactional(readOnly = true)
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("clients", jdbc.sql("select id, display_name from client where practice_id = ?"
                        + " order by display_name")
                .param(Tenancy.requirePractice().value())
                .query((rs, row) -> new Choice(rs.getObject("id", UUID.class), rs.getString("display_name"))).list());
        model.addAttribute("grants", grants(user.accountId(), null));
        model.addAttribute("zone", practices.current().timeZone());
        model.addAttribute("usesCode", reauthentication.usesCode(user));
        if (!model.containsAttribute("chosen")) {
            model.addAttribute("chosen", "");
        }
        if (!model.containsAttribute("reason")) {
            model.addAttribute("reason", "");
        }
        return "reporting/emergency";
    }

    public record Choice(UUID id, String name) {
    }

    @PostMapping("/admin/emergency")
    @Transactional
    String grant(@RequestParam(required = false) @Nullable UUID client, @RequestParam(defaultValue = "") String reason,
                 @RequestParam(defaultValue = "") String answer, @AuthenticationPrincipal OutgrowUser user,
                 HttpSession session, RedirectAttributes redirect) {
        Optional<Client> found = client == null ? Optional.empty() : clients.find(client);
        boolean valid = found.isPresent() && reason.strip().length() >= 10 && reason.length() <= 2000;
        if (!valid || !reauthentication.confirm(user, answer, session)) {
            redirect.addFlashAttribute("problem", valid ? "emergency.confirmWrong" : "emergency.rule");
            redirect.addFlashAttribute("reason", reason);
            redirect.addFlashAttribute("chosen", client == null ? "" : client.toString());
            return "redirect:/admin/emergency";
        }
        UUID id = Ids.next();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into emergency_access (practice_id, id, client_id, granted_to, reason, granted_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(Tenancy.requirePractice().value(), id, client, user.accountId(), reason.strip(),
                        Timestamp.from(now), Timestamp.from(now.plus(WINDOW)))
                .update();
        events.publishEvent(AuditEvent.write("EMERGENCY_ACCESS_GRANTED", "emergency_access", id, client));
        tell(found.get(), user);
        return "redirect:/admin/emergency/" + id;
    }

    /**
     * Tells the other administrators and the client's therapist that emergency access was opened
     * and by whom, with a link to sign in. The mail names neither the client nor the reason.
     */
    private void tell(Client client, OutgrowUser grantee) {
        record Recipient(Accounts.Summary person, String link) {
        }
        Map<UUID, Recipient> recipients = new LinkedHashMap<>();
        accounts.activeWithRole(Role.ADMIN).forEach(admin -> recipients.put(admin.id(),
                new Recipient(admin, baseUrl + "/admin/audit")));
        if (client.therapistId() != null) {
            accounts.summary(client.therapistId()).filter(Accounts.Summary::active).ifPresent(therapist ->
                    recipients.put(therapist.id(), new Recipient(therapist, baseUrl + "/clients/" + client.id())));
        }
        recipients.remove(grantee.accountId());
        recipients.values().forEach(recipient -> {
            var language = recipient.person().languageOr(LocaleContextHolder.getLocale());
            mail.queue(recipient.person().email(), messages.getMessage("mail.emergency.subject", null, language),
                    messages.getMessage("mail.emergency.body", new Object[] {recipient.person().displayName(),
                            grantee.displayName(), recipient.link()}, language));
        });
    }


    @GetMapping("/admin/emergency/{id}")
    @Transactional(readOnly = true)
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        Grant grant = grants(user.accountId(), id).stream().findFirst()
                .filter(found -> clock.instant().isBefore(found.expiresAt()))
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        Client client = clients.find(grant.clientId()).orElseThrow();
        events.publishEvent(AuditEvent.read("EMERGENCY_ACCESS_READ", "emergency_access", id, client.id()));
        List<Episode> own = episodes.ofClient(client.id());
        model.addAttribute("grant", grant);
        model.addAttribute("client", client);
        model.addAttribute("therapist", client.therapistId() == null ? null
                : accounts.summary(client.therapistId()).orElse(null));
        model.addAttribute("episodes", own);
        model.addAttribute("alerts", jdbc.sql("select kind, opened_at from alert where practice_id = ? and client_id = ?"
                        + " and state = 'OPEN' order by opened_at")
                .params(Tenancy.requirePractice().value(), client.id())
                .query((rs, row) -> new OpenAlert(rs.getString("kind"), rs.getTimestamp("opened_at").toInstant()))
                .list());
        model.addAttribute("zone", practices.current().timeZone());
        return "reporting/emergency-record";
    }

    private List<Grant> grants(UUID admin, @Nullable UUID only) {
        return jdbc.sql("""
                select g.id, g.client_id, c.display_name, g.reason, g.granted_at, g.expires_at
                from emergency_access g join client c on c.practice_id = g.practice_id and c.id = g.client_id
                where g.practice_id = ? and g.granted_to = ? and (?::uuid is null or g.id = ?::uuid)
                order by g.granted_at desc limit 50""")
                .params(Tenancy.requirePractice().value(), admin, only, only)
                .query((rs, row) -> new Grant(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
                        rs.getString("display_name"), rs.getString("reason"), rs.getTimestamp("granted_at").toInstant(),
                        rs.getTimestamp("expires_at").toInstant()))
                .list();
    }
}
