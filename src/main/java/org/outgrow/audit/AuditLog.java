package org.outgrow.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Actor;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.web.RequestIdFilter;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Writes every {@link AuditEvent} to the hash-chained audit table, synchronously. A write joins
 * the transaction of the change it records; a read or sign-in event gets a transaction of its
 * own, so it is kept even if the request fails afterwards. A practice's log is {@link #LANES}
 * chains; an append takes whichever lane's transaction-scoped advisory lock is free (or waits for
 * one), so appends run side by side instead of each waiting for the previous one's commit
 * (docs/adr/0008-audit-chain-lanes.md).
 */
@Component
class AuditLog {

    /** Chains per practice: enough for the connection pool's writers to append side by side. */
    static final int LANES = 8;

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @EventListener
    void on(AuditEvent event) {
        Optional<Actor> actor = Actor.current();
        HttpServletRequest request = currentRequest();
        if (event.outcome() == AuditEvent.Outcome.DENIED && request != null) {
            request.setAttribute(RefusalAudit.RECORDED, true);
        }
        PracticeId practice = event.practiceOverride() != null ? event.practiceOverride()
                : actor.map(Actor::practiceId).orElse(Tenancy.current().practice());
        boolean joinsChange = event.kind() == AuditEvent.Kind.WRITE
                && TransactionSynchronizationManager.isActualTransactionActive();
        if (joinsChange) {
            // Appended just before the change commits, so the practice's chain lock is held for the
            // append and the commit only, not for the rest of the change's work (docs/benchmarks.md).
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    append(event, actor, practice);
                }
            });
        } else {
            Tenancy.run(practice == null ? Tenancy.Context.NONE : Tenancy.Context.of(practice),
                    () -> ownTransaction.executeWithoutResult(status -> append(event, actor, practice)));
        }
    }

    private void append(AuditEvent event, Optional<Actor> actor, @Nullable PracticeId practice) {
        UUID practiceId = practice == null ? null : practice.value();
        HttpServletRequest request = currentRequest();
        AuditChain.Row row = new AuditChain.Row(Ids.next(), practiceId,
                clock.instant().truncatedTo(ChronoUnit.MICROS),
                event.actorOverride() != null ? event.actorOverride() : actor.map(Actor::accountId).orElse(null),
                actor.map(Actor::roleNames).orElse(null), event.subjectClientId(), event.action(),
                event.resourceType(), event.resourceId(), event.outcome().name(),
                request == null ? null : request.getRemoteAddr(),
                request == null ? null : RequestIdFilter.of(request));
        String chain = practiceId == null ? "system" : practiceId.toString();
        String[] keys = IntStream.range(0, LANES).mapToObj(lane -> lockKey(chain, lane)).toArray(String[]::new);
        int waited = (int) Math.floorMod(Thread.currentThread().threadId(), LANES); // spread the waiters
        // The lane, its head, the row's hash, the row and the new head in one call (V208 audit_append).
        jdbc.sql("select audit_append(?, ?::text[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(practiceId, keys, waited, row.id(), Timestamp.from(row.occurredAt()), row.actor(),
                        row.actorRole(), row.subjectClient(), row.action(), row.resourceType(), row.resourceId(),
                        row.outcome(), row.address(), row.requestId(), AuditChain.fields(row))
                .query((rs, n) -> null).list();
    }

    /**
     * A lane's lock key. An append takes the first free lane, in order, or, when all are taken,
     * waits for one picked by the thread, so waiters spread over the lanes; trying in order means a
     * transaction appending a second time never waits (the lock it holds is granted again), so two
     * appenders cannot deadlock (V204 {@code audit_claim_lane}). Lane 0 keeps the lock key of the
     * single chain it was before lanes.
     */
    private static String lockKey(String chain, int lane) {
        return lane == 0 ? chain : chain + "/" + lane;
    }

    private static @Nullable HttpServletRequest currentRequest() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

}
