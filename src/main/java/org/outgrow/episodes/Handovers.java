package org.outgrow.episodes;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.mail.Mail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Handing a client over to another therapist, when theirs leaves, goes on leave or the match is
 * not right. The client's record goes with them: every episode, its progress notes, measures, open
 * alerts and booked sessions. The previous therapist's access ends at their next request. Process
 * notes and relational-dynamics tags stay sealed to whoever wrote them, so nobody reads them after
 * the handover, and outcome figures keep counting an ended episode for the therapist who ended it.
 */
@Service
public class Handovers {

    public record Therapist(UUID id, String name, boolean active, int clients) {
    }

    private final Clients clients;
    private final Episodes episodes;
    private final Accounts accounts;
    private final ApplicationEventPublisher events;
    private final Mail mail;
    private final MessageSource messages;
    private final String baseUrl;

    Handovers(Clients clients, Episodes episodes, Accounts accounts, ApplicationEventPublisher events, Mail mail,
              MessageSource messages, @Value("${outgrow.base-url}") String baseUrl) {
        this.clients = clients;
        this.episodes = episodes;
        this.accounts = accounts;
        this.events = events;
        this.mail = mail;
        this.messages = messages;
        this.baseUrl = baseUrl;
    }

    /** Every therapist with clients in their care, and every active one, with how many they have. */
    @Transactional(readOnly = true)
    public List<Therapist> therapists() {
        Map<UUID, Integer> counts = clients.countsByTherapist();
        return accounts.inPractice().stream()
                .filter(account -> account.roles().contains(Role.THERAPIST))
                .filter(account -> account.active() || counts.containsKey(account.id()))
                .map(account -> new Therapist(account.id(), account.displayName(), account.active(),
                        counts.getOrDefault(account.id(), 0)))
                .sorted(Comparator.comparing(Therapist::active).thenComparing(Therapist::name)) // a departed one first
                .toList();
    }

    /** The clients in the care of one of {@link #therapists()}, for the administrator to hand over; the look is audited. */
    @Transactional(readOnly = true)
    public List<Client> clientsOf(Therapist therapist) {
        events.publishEvent(AuditEvent.read("CLIENTS_LISTED_FOR_HANDOVER", "account", therapist.id(), null));
        return clients.ofTherapist(therapist.id());
    }

    @Transactional
    public void handOver(UUID clientId, @Nullable UUID to) {
        Client client = clients.find(clientId).orElseThrow(EpisodeWork.NotYours::new);
        Accounts.Summary taking = accounts.activeWithRole(Role.THERAPIST).stream()
                .filter(account -> account.id().equals(to)).findFirst()
                .orElseThrow(() -> new EpisodeRuleViolation("handover.rule.therapist"));
        if (taking.id().equals(client.therapistId())) {
            throw new EpisodeRuleViolation("handover.rule.same");
        }
        if (!clients.handOver(clientId, taking.id())) {
            throw new EpisodeWork.NotYours(); // a record restricted for erasure is nobody's to take on
        }
        try {
            episodes.handOver(clientId, taking.id());
        } catch (org.springframework.dao.DuplicateKeyException bothOpen) {
            throw new EpisodeRuleViolation("handover.rule.bothOpen");
        }
        if (client.therapistId() != null) {
            events.publishEvent(new ClientHandedOver(clientId, client.therapistId(), taking.id()));
        }
        events.publishEvent(AuditEvent.write("CLIENT_HANDED_OVER", "client", clientId, clientId));
        // The new therapist learns of it by mail, without the client's name: mail leaves the practice.
        Locale language = taking.languageOr(LocaleContextHolder.getLocale());
        mail.queue(taking.email(), messages.getMessage("mail.handover.subject", null, language),
                messages.getMessage("mail.handover.body", new Object[] {taking.displayName(), baseUrl + "/caseload"},
                        language));
    }
}
