package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What the process tests check in the database itself after a crash, as PostgreSQL's superuser
 * (past row-level security, across practices): every acknowledged response stored exactly once
 * by its submission key, every acknowledged note save at its version, and nothing half-written
 * (a response without its answered request, a risk answer without its alert, a change without
 * its audit row).
 */
record WrittenOnce(String url, String user) {

    /** The subject of the mail a risk alert queues for its therapist (messages.properties). */
    static final String ALERT_SUBJECT = "An answer needs your attention";

    /** Statements that find what a half-finished transaction would leave; each must find nothing. */
    private static final Map<String, String> HALF_WRITTEN = halfWritten();

    private static Map<String, String> halfWritten() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("responses whose request is not answered", """
                select count(*) from measure_response r join measure_request q on q.id = r.request_id
                where q.state <> 'ANSWERED'""");
        checks.put("answered requests without exactly one response", """
                select count(*) from measure_request q where q.state = 'ANSWERED'
                and (select count(*) from measure_response r where r.request_id = q.id) <> 1""");
        checks.put("requests asked for an API submission left open", """
                select count(*) from measure_request where occasion_key like 'API:%' and state = 'OPEN'""");
        checks.put("posted responses with a risk answer without exactly one risk alert, or without one with one", """
                select count(*) from measure_response r where r.source = 'FHIR'
                and (select count(*) from alert a where a.response_id = r.id and a.kind = 'RISK')
                    <> case when r.risk = 'POSITIVE' then 1 else 0 end""");
        checks.put("risk alerts without their response", """
                select count(*) from alert a where a.kind = 'RISK'
                and not exists (select 1 from measure_response r where r.id = a.response_id)""");
        checks.put("risk alerts without their mail to their therapist (queued or sent, under the alert's id)", """
                select count(*) from alert a join account ac on ac.id = a.owner_id where a.kind = 'RISK'
                and not exists (select 1 from mail_outbox m where m.id = a.id and m.recipient = ac.email)""");
        checks.put("alert mails without their risk alert", """
                select count(*) from mail_outbox m where m.subject = '%s'
                and not exists (select 1 from alert a where a.id = m.id and a.kind = 'RISK')""".formatted(ALERT_SUBJECT));
        checks.put("posted responses without exactly one audit row", """
                select count(*) from measure_response r where r.source = 'FHIR'
                and (select count(*) from audit_event e where e.action = 'RESPONSE_SUBMITTED'
                     and e.resource_id = r.id::text) <> 1""");
        checks.put("notes whose version is not their number of audited saves", """
                select count(*) from progress_note n where n.state = 'DRAFT'
                and n.version <> (select count(*) from audit_event e where e.action = 'NOTE_SAVED'
                                  and e.resource_id = n.id::text)""");
        return checks;
    }

    void assertNothingHalfWritten() throws SQLException {
        Map<String, Long> found = new LinkedHashMap<>();
        try (Connection connection = connect()) {
            for (Map.Entry<String, String> check : HALF_WRITTEN.entrySet()) {
                try (ResultSet result = connection.createStatement().executeQuery(check.getValue())) {
                    result.next();
                    if (result.getLong(1) != 0) {
                        found.put(check.getKey(), result.getLong(1));
                    }
                }
            }
        }
        assertThat(found).as("half-written").isEmpty();
    }

    /** Each acknowledged response once by its key; one in doubt at most once. */
    void assertResponsesOnce(ResponseWrites responses) throws SQLException {
        Map<String, Long> notOnce = new LinkedHashMap<>();
        try (Connection connection = connect();
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) from measure_response where submission_key = ?")) {
            for (String identifier : responses.acknowledged.keySet()) {
                long stored = count(count, ResponseWrites.submissionKey(identifier));
                if (stored != 1) {
                    notOnce.put(identifier, stored);
                }
            }
            for (String identifier : responses.inDoubt) {
                long stored = count(count, ResponseWrites.submissionKey(identifier));
                if (stored > 1) {
                    notOnce.put(identifier + " (in doubt)", stored);
                }
            }
        }
        assertThat(notOnce).as("acknowledged responses not stored exactly once").isEmpty();
    }

    /**
     * Each acknowledged response with the risk item has exactly one risk alert, the others none;
     * answers the alert of each risk response by its identifier.
     */
    Map<String, UUID> assertRiskAlertsOnce(ResponseWrites responses) throws SQLException {
        Map<String, UUID> alerts = new LinkedHashMap<>();
        Map<String, Long> wrong = new LinkedHashMap<>();
        try (Connection connection = connect();
             PreparedStatement find = connection.prepareStatement("""
                     select a.id from alert a join measure_response r on r.id = a.response_id
                     where r.submission_key = ? and a.kind = 'RISK'""")) {
            for (Map.Entry<String, Boolean> response : responses.acknowledged.entrySet()) {
                find.setObject(1, ResponseWrites.submissionKey(response.getKey()));
                java.util.List<UUID> found = new java.util.ArrayList<>();
                try (ResultSet rows = find.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                }
                if (found.size() != (response.getValue() ? 1 : 0)) {
                    wrong.put(response.getKey() + (response.getValue() ? " (risk)" : " (no risk)"),
                            (long) found.size());
                } else if (response.getValue()) {
                    alerts.put(response.getKey(), found.getFirst());
                }
            }
        }
        assertThat(wrong).as("acknowledged responses without exactly their one risk alert (or with one)").isEmpty();
        return alerts;
    }

    /** The episodes the alerts belong to. */
    java.util.Set<UUID> episodesOf(java.util.Collection<UUID> alerts) throws SQLException {
        java.util.Set<UUID> episodes = new java.util.HashSet<>();
        try (Connection connection = connect();
             PreparedStatement find = connection.prepareStatement("select distinct episode_id from alert where id = any(?)")) {
            find.setArray(1, connection.createArrayOf("uuid", alerts.toArray()));
            try (ResultSet rows = find.executeQuery()) {
                while (rows.next()) {
                    episodes.add(rows.getObject(1, UUID.class));
                }
            }
        }
        return episodes;
    }

    /** Alert mails of the therapist: how many, and how many delivered, tried and failed. */
    record AlertMail(long queued, long sent, long failedTries) {
    }

    AlertMail alertMail(String recipient) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement count = connection.prepareStatement("""
                     select count(*), count(sent_at), count(*) filter (where attempts > 0 and sent_at is null
                         and last_error is not null)
                     from mail_outbox where recipient = ? and subject = ?""")) {
            count.setString(1, recipient);
            count.setString(2, ALERT_SUBJECT);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return new AlertMail(result.getLong(1), result.getLong(2), result.getLong(3));
            }
        }
    }

    long riskAlertsOf(String email) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement count = connection.prepareStatement("""
                     select count(*) from alert a join account ac on ac.id = a.owner_id
                     where a.kind = 'RISK' and ac.email = ?""")) {
            count.setString(1, email);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    /** Lets every waiting mail be tried at once, as if its back-off had run out. */
    void endMailBackOff() throws SQLException {
        try (Connection connection = connect()) {
            connection.createStatement().executeUpdate("update mail_outbox set next_attempt_at = now()"
                    + " where sent_at is null");
        }
    }

    /** Each note at its acknowledged version with that text, or one further with the save in doubt. */
    void assertNotesAsAcknowledged(NoteWrites notes) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement find = connection.prepareStatement("select version, body from progress_note where id = ?")) {
            for (NoteWrites.Note note : notes.notes) {
                find.setObject(1, note.id);
                try (ResultSet row = find.executeQuery()) {
                    assertThat(row.next()).as("note %s exists", note.id).isTrue();
                    int version = row.getInt(1);
                    String body = row.getString(2);
                    if (note.pendingBody != null && version == note.version + 1) {
                        assertThat(body).as("note %s one save further: the save in doubt", note.id)
                                .isEqualTo(note.pendingBody);
                    } else {
                        assertThat(version).as("note %s at its acknowledged version", note.id).isEqualTo(note.version);
                        assertThat(body).as("note %s text at version %d", note.id, version).isEqualTo(note.body);
                    }
                }
            }
        }
    }

    private static long count(PreparedStatement count, UUID key) throws SQLException {
        count.setObject(1, key);
        try (ResultSet result = count.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }
}
