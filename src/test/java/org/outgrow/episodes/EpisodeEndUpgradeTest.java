package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outgrow.testing.UpgradeDatabase.execute;
import static org.outgrow.testing.UpgradeDatabase.single;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.UpgradeDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * An import before V207 could store an open episode with an end (the period end of an active
 * EpisodeOfCare). The upgrade clears that end, as the schema owner whom forced row-level security
 * binds, and the episode's score span then holds its answers after that date too.
 */
@OutgrowTest
class EpisodeEndUpgradeTest {

    private static final String BEFORE = "206";

    @Autowired
    DatabaseServer server;

    @Value("${outgrow.database.app-user:outgrow_app}")
    String appRole;

    @Test
    void anOpenEpisodeLosesItsEndAndItsSpanTakesTheLaterAnswers() throws SQLException {
        try (UpgradeDatabase database = new UpgradeDatabase(server, appRole, "episode_end")) {
            database.migrateTo(BEFORE);
            UUID episode = UUID.randomUUID();
            try (Connection superuser = database.superuser()) {
                UpgradeDatabase.Therapist before = UpgradeDatabase.therapist(superuser, "before-v207");
                UUID practice = before.practice();
                UUID therapist = before.account();
                UUID client = UUID.randomUUID();
                execute(superuser, "insert into client (practice_id, id, display_name, therapist_id, created_at)"
                        + " values (?, ?, 'Ida Imported', ?, now())", practice, client, therapist);
                execute(superuser, "insert into episode (practice_id, id, client_id, therapist_id, state, opened_at,"
                        + " ended_at) values (?, ?, ?, ?, 'ACTIVE', ?, ?)", practice, episode, client, therapist,
                        at("2026-09-01"), at("2026-11-01"));
                for (Object[] answer : new Object[][] {{"2026-10-01", 18}, {"2026-11-20", 9}}) {
                    execute(superuser, """
                            insert into measure_response (practice_id, id, episode_id, client_id, submission_key,
                                instrument, instrument_version, answers, answered_at, session_number, source,
                                completeness, total, band, caseness, risk)
                            values (?, ?, ?, ?, ?, 'phq-9', 1, '{}', ?, 0, 'IMPORT', 'COMPLETE', ?, 'mild', ?,
                                'NEGATIVE')""", practice, UUID.randomUUID(), episode, client, UUID.randomUUID(),
                            at((String) answer[0]), answer[1], (Integer) answer[1] >= 10);
                }
                assertThat(span(superuser, episode)).as("before: the span stops at the end").isEqualTo("1 18.0");
            }

            database.migrateTo(null);

            try (Connection superuser = database.superuser()) {
                assertThat(single(superuser, "select count(*) from episode where ended_at is not null")).isEqualTo("0");
                assertThat(span(superuser, episode)).as("after: both answers, the later one last").isEqualTo("2 9.0");
            }
        }
    }

    private static String span(Connection connection, UUID episode) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select scored, last_total from measure_span where episode_id = ?")) {
            select.setObject(1, episode);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) + " " + row.getDouble(2) : "none";
            }
        }
    }

    private static Timestamp at(String day) {
        return Timestamp.from(Instant.parse(day + "T10:00:00Z"));
    }
}
