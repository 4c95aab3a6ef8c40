package org.outgrow.clients;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.outgrow.practice.ExpectationsStatement;
import org.outgrow.practice.ExpectationsStatements;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The intake steps a client takes themselves: acknowledging the practice's expectations statement
 * and deciding about measurement. Both are recorded as history and never changed.
 */
@Repository
public class Intake {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ExpectationsStatements statements;

    Intake(JdbcClient jdbc, Clock clock, ExpectationsStatements statements) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.statements = statements;
    }

    /**
     * Records that the client read {@code version}. Acknowledging a version twice (a double click,
     * two tabs) keeps the first; the result says whether this call recorded anything.
     */
    @Transactional
    public boolean acknowledge(UUID clientId, ExpectationsStatement version) {
        return jdbc.sql("""
                insert into expectations_acknowledgement (practice_id, id, client_id, version_id, acknowledged_at)
                values (?, ?, ?, ?, ?)
                on conflict (practice_id, client_id, version_id) do nothing""")
                .params(Tenancy.requirePractice().value(), Ids.next(), clientId, version.id(),
                        Timestamp.from(clock.instant()))
                .update() == 1;
    }

    /** The newest version the client has acknowledged. */
    @Transactional(readOnly = true)
    public Optional<Acknowledgement> latestAcknowledgement(UUID clientId) {
        return jdbc.sql("""
                select v.number as version_number, a.acknowledged_at
                from expectations_acknowledgement a
                join expectations_version v on v.practice_id = a.practice_id and v.id = a.version_id
                where a.practice_id = ? and a.client_id = ?
                order by v.number desc limit 1""")
                .params(Tenancy.requirePractice().value(), clientId)
                .query((rs, row) -> new Acknowledgement(rs.getInt("version_number"),
                        rs.getTimestamp("acknowledged_at").toInstant()))
                .optional();
    }

    /**
     * Records the client's decision about measurement if it differs from the one in force; a repeated
     * click records nothing. Decisions of one client are serialised on their client row.
     */
    @Transactional
    public boolean decideMeasurement(UUID clientId, boolean given) {
        return decide("measurement_consent", clientId, given);
    }

    /** The decision in force, if the client has made one. */
    @Transactional(readOnly = true)
    public Optional<MeasurementConsent> consent(UUID clientId) {
        return consentHistory(clientId).stream().findFirst();
    }

    /**
     * Holds the client's row for share until the transaction ends, for storing an answer: a
     * handover or an erasure request (each updates the row) either waits for the answer, and then
     * moves or cancels what the answer raised, or comes first, and the answer's later statements
     * see the new therapist or the cancelled request. Only a lock, in a statement of its own: a
     * read in the same statement would use the snapshot from before the wait. Taken before any
     * of the answer's other locks, in the order a handover and an erasure request take theirs
     * (client, then the rest), so that neither can deadlock with it. False for no such client.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean holdForAnswer(UUID clientId) {
        return jdbc.sql("select id from client where practice_id = ? and id = ? for share")
                .params(Tenancy.requirePractice().value(), clientId).query(UUID.class).optional().isPresent();
    }

    /** Every decision, newest first. */
    @Transactional(readOnly = true)
    public List<MeasurementConsent> consentHistory(UUID clientId) {
        return history("measurement_consent", clientId).stream()
                .map(decision -> new MeasurementConsent(decision.given(), decision.recordedAt())).toList();
    }

    /** Records whether a progress report may go to the client's referrer, as {@link #decideMeasurement} does. */
    @Transactional
    public boolean decideReferrerSharing(UUID clientId, boolean given) {
        return decide("referrer_sharing_consent", clientId, given);
    }

    /** The decision in force about sharing with a referrer; none means no. */
    @Transactional(readOnly = true)
    public Optional<ReferrerSharing> referrerSharing(UUID clientId) {
        return referrerSharingHistory(clientId).stream().findFirst();
    }

    @Transactional(readOnly = true)
    public List<ReferrerSharing> referrerSharingHistory(UUID clientId) {
        return history("referrer_sharing_consent", clientId);
    }

    /** {@code table} is one of this class's constants, never input. */
    private boolean decide(String table, UUID clientId, boolean given) {
        UUID practice = Tenancy.requirePractice().value();
        jdbc.sql("select id from client where practice_id = ? and id = ? for update").params(practice, clientId)
                .query(UUID.class).single();
        if (history(table, clientId).stream().findFirst().map(current -> current.given() == given).orElse(false)) {
            return false;
        }
        jdbc.sql("insert into " + table + " (practice_id, id, client_id, given, recorded_at) values (?, ?, ?, ?, ?)")
                .params(practice, Ids.next(), clientId, given, Timestamp.from(clock.instant()))
                .update();
        return true;
    }

    private List<ReferrerSharing> history(String table, UUID clientId) {
        return jdbc.sql("select given, recorded_at from " + table + " where practice_id = ? and client_id = ?"
                        + " order by seq desc")
                .params(Tenancy.requirePractice().value(), clientId)
                .query((rs, row) -> new ReferrerSharing(rs.getBoolean("given"),
                        rs.getTimestamp("recorded_at").toInstant()))
                .list();
    }

    @Transactional(readOnly = true)
    public IntakeStatus status(UUID clientId) {
        return new IntakeStatus(statements.current().map(ExpectationsStatement::number).orElse(null),
                latestAcknowledgement(clientId).orElse(null), consent(clientId).orElse(null));
    }
}
