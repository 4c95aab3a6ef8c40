package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outgrow.testing.UpgradeDatabase.execute;
import static org.outgrow.testing.UpgradeDatabase.single;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.UpgradeDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * Before V209 the request round opened an overdue alert for every overdue request each round, so
 * one the therapist had resolved came back. The upgrade counts a request as alerted when its
 * episode got an overdue alert after it fell due (resolved or not); one that never got an alert
 * is left for the next round to alert.
 */
@OutgrowTest
class OverdueUpgradeTest {

    @Autowired
    DatabaseServer server;

    @Value("${outgrow.database.app-user:outgrow_app}")
    String appRole;

    @Test
    void aRequestWhoseAlertWasResolvedCountsAsAlertedAndOneNeverAlertedDoesNot() throws SQLException {
        try (UpgradeDatabase database = new UpgradeDatabase(server, appRole, "overdue_upgrade")) {
            database.migrateTo("208");
            UUID alerted = UUID.randomUUID();
            UUID neverAlerted = UUID.randomUUID();
            try (Connection superuser = database.superuser()) {
                UpgradeDatabase.Therapist before = UpgradeDatabase.therapist(superuser, "before-v209");
                UUID practice = before.practice();
                UUID therapist = before.account();
                for (UUID request : new UUID[] {alerted, neverAlerted}) {
                    UUID client = UUID.randomUUID();
                    UUID episode = UUID.randomUUID();
                    execute(superuser, "insert into client (practice_id, id, display_name, therapist_id, created_at)"
                            + " values (?, ?, 'Olga Overdue', ?, now())", practice, client, therapist);
                    execute(superuser, "insert into episode (practice_id, id, client_id, therapist_id, state,"
                            + " opened_at) values (?, ?, ?, ?, 'ACTIVE', now() - interval '30 days')",
                            practice, episode, client, therapist);
                    execute(superuser, """
                            insert into measure_request (practice_id, id, episode_id, client_id, instrument, occasion,
                                occasion_key, state, created_at, due_at, expires_at)
                            values (?, ?, ?, ?, 'phq-9', 'EVERY_N_DAYS', 'EVERY_N_DAYS:1', 'OPEN',
                                now() - interval '6 days', now() - interval '5 days', now() + interval '2 days')""",
                            practice, request, episode, client);
                    if (request == alerted) {
                        execute(superuser, """
                                insert into alert (practice_id, id, episode_id, client_id, kind, instrument, owner_id,
                                    state, opened_at, resolved_at, resolution)
                                values (?, ?, ?, ?, 'OVERDUE', 'phq-9', ?, 'RESOLVED', now() - interval '2 days',
                                    now() - interval '1 day', 'Spoke with the client.')""",
                                practice, UUID.randomUUID(), episode, client, therapist);
                    }
                }
            }

            database.migrateTo(null);

            try (Connection superuser = database.superuser()) {
                String alertedAt = "select overdue_alerted_at is not null from measure_request where id = ?";
                assertThat(single(superuser, alertedAt, alerted)).as("its alert was resolved").isEqualTo("t");
                assertThat(single(superuser, alertedAt, neverAlerted)).as("never alerted").isEqualTo("f");
            }
        }
    }
}
