package org.outgrow.clients;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.outgrow.identity.Accounts;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.mail.Mail;
import org.outgrow.shared.web.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A client's request to be erased, carried out as far as the law allows at once and the rest when
 * the practice's retention period ends (GDPR Art. 17(3)). At once: the portal account can no longer
 * sign in and keeps no address, the contact address and all mail to it are gone, open questionnaire
 * links and calendar feeds close, and no therapist holds the record any more; only emergency access
 * opens it. At the end of the retention period every row of the client is deleted. Each step is
 * written to the {@link ErasureLog} before it commits and is replayed after a restore.
 */
@Service
class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);

    private final Clients clients;
    private final Accounts accounts;
    private final Mail mail;
    private final Intake intake;
    private final Practices practices;
    private final ErasureLog erasureLog;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Erasures(Clients clients, Accounts accounts, Mail mail, Intake intake, Practices practices, ErasureLog erasureLog,
             ApplicationEventPublisher events, TransactionTemplate transactions, Clock clock) {
        this.clients = clients;
        this.intake = intake;
        this.accounts = accounts;
        this.mail = mail;
        this.practices = practices;
        this.erasureLog = erasureLog;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The request, carried out now as far as it can be; an {@link ErasureRefused} says what to finish first. */
    @Transactional
    void request(UUID clientId) {
        Client client = clients.find(clientId).orElseThrow(() -> new ErasureRefused("erasure.rule.client"));
        Instant now = clock.instant();
        LocalDate retainUntil = today().plusYears(clients.retentionYears());
        if (!restrict(client, now, retainUntil, false)) {
            throw new ErasureRefused("erasure.rule.already");
        }
        erasureLog.append(new ErasureLog.Entry(now, ErasureLog.Step.RESTRICT, Tenancy.requirePractice(), clientId,
                retainUntil));
        events.publishEvent(AuditEvent.write("CLIENT_ERASURE_REQUESTED", "client", clientId, clientId));
    }

    /**
     * The row first, which locks it: a handover or a new episode waiting on it sees the record
     * restricted. Then each module's part, which may still refuse and so undo it all.
     */
    private boolean restrict(Client client, Instant now, LocalDate retainUntil, boolean replay) {
        if (!clients.restrict(client.id(), now, retainUntil)) {
            return false;
        }
        events.publishEvent(new ClientErasureRequested(client.id(), client.accountId(), replay));
        intake.decideMeasurement(client.id(), false);
        intake.decideReferrerSharing(client.id(), false);
        if (client.email() != null) {
            mail.forget(client.email());
        }
        if (client.accountId() != null) {
            accounts.summary(client.accountId()).ifPresent(account -> mail.forget(account.email()));
            accounts.forget(client.accountId());
        }
        return true;
    }

    /** Deletes the records whose retention has ended, practice by practice, each client in its own transaction. */
    @Scheduled(cron = "${outgrow.clients.erasure-check:0 41 3 * * *}")
    void eraseWhatIsDue() {
        for (Practice practice : practices.all()) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), practice.timeZone());
            Tenancy.run(Tenancy.Context.of(practice.id()), () -> {
                for (UUID due : transactions.execute(status -> clients.retainedUntil(today))) {
                    try {
                        transactions.executeWithoutResult(status -> erase(due, today));
                    } catch (RuntimeException failed) {
                        log.error("Client {} could not be erased ({}); it is tried again at the next check", due,
                                SafeLog.describe(failed));
                    }
                }
            });
        }
    }

    private void erase(UUID clientId, LocalDate today) {
        erasureLog.append(new ErasureLog.Entry(clock.instant(), ErasureLog.Step.DELETE, Tenancy.requirePractice(),
                clientId, null));
        if (clients.erase(clientId, today)) {
            events.publishEvent(AuditEvent.write("CLIENT_ERASED", "client", clientId, clientId));
        }
    }

    /**
     * Takes again every step of the log that the database does not show, as after a restore from a
     * backup older than the step. Steps already taken are left alone, so this runs at every start:
     * per practice in the log, one look at the practice and one at the state of its logged clients.
     */
    void replay() {
        List<ErasureLog.Entry> entries = erasureLog.entries();
        Map<PracticeId, List<ErasureLog.Entry>> byPractice = entries.stream().collect(
                Collectors.groupingBy(ErasureLog.Entry::practice, LinkedHashMap::new, Collectors.toList()));
        int replayed = 0;
        for (Map.Entry<PracticeId, List<ErasureLog.Entry>> logged : byPractice.entrySet()) {
            Optional<Practice> practice = practices.find(logged.getKey());
            if (practice.isPresent()) {
                replayed += Tenancy.call(Tenancy.Context.of(practice.get().id()),
                        () -> replay(logged.getValue(), LocalDate.ofInstant(clock.instant(), practice.get().timeZone())));
            }
        }
        if (replayed > 0) {
            log.info("Erasure log {}: {} of {} steps taken again (the database was older than the log)",
                    erasureLog.file(), replayed, entries.size());
        }
    }

    /** One practice's steps; returns how many were taken again. */
    private int replay(List<ErasureLog.Entry> entries, LocalDate today) {
        Map<UUID, Boolean> requested = transactions.execute(status -> clients.erasureRequested(
                entries.stream().map(ErasureLog.Entry::client).distinct().toList()));
        int replayed = 0;
        for (ErasureLog.Entry entry : entries) {
            Boolean restricted = requested.get(entry.client());
            if (restricted == null || (restricted && entry.step() == ErasureLog.Step.RESTRICT)) {
                continue; // gone, or restricted already: the database shows this step
            }
            try {
                transactions.executeWithoutResult(status -> replay(entry, restricted, today));
                requested.compute(entry.client(), (client, before) -> entry.step() == ErasureLog.Step.DELETE ? null : true);
                replayed++;
            } catch (RuntimeException failed) {
                log.error("The erasure of client {} could not be taken again ({}); it is tried at the next start",
                        entry.client(), SafeLog.describe(failed));
            }
        }
        return replayed;
    }

    private void replay(ErasureLog.Entry entry, boolean restricted, LocalDate today) {
        if (!restricted) {
            clients.find(entry.client()).ifPresent(client -> restrict(client, entry.at(),
                    entry.retainUntil() == null ? today : entry.retainUntil(), true));
        }
        if (entry.step() == ErasureLog.Step.DELETE) {
            clients.endRetention(entry.client(), today);
            clients.erase(entry.client(), today);
        }
        events.publishEvent(AuditEvent.write("CLIENT_ERASURE_REPLAYED", "client", entry.client(), entry.client()));
    }

    @Transactional(readOnly = true)
    List<Clients.Retained> retained() {
        return clients.retained();
    }

    @Transactional(readOnly = true)
    List<Client> erasable() {
        return clients.notRetained();
    }

    @Transactional(readOnly = true)
    int retentionYears() {
        return clients.retentionYears();
    }

    @Transactional
    void setRetentionYears(int years) {
        if (years < 1 || years > 30) {
            throw new ErasureRefused("erasure.rule.years");
        }
        clients.setRetentionYears(years);
        events.publishEvent(AuditEvent.write("RETENTION_CHANGED", "retention_rule", years, null));
    }

    ZoneId zone() {
        return practices.current().timeZone();
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }
}
