package org.outgrow.sessions;

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
 * V211 counts each episode's attended sessions for the outcome report: the sessions recorded
 * before the upgrade are counted by it, as the schema owner whom forced row-level security binds,
 * and those recorded after it by the triggers.
 */
@OutgrowTest
class AttendanceUpgradeTest {

    private static final String BEFORE = "210";

    @Autowired
    DatabaseServer server;

    @Value("${outgrow.database.app-user:outgrow_app}")
    String appRole;

    @Test
    void sessionsAttendedBeforeTheUpgradeAreCountedAndLaterOnesToo() throws SQLException {
        try (UpgradeDatabase database = new UpgradeDatabase(server, appRole, "attendance")) {
            database.migrateTo(BEFORE);
            UUID practice;
            UUID episode = UUID.randomUUID();
            try (Connection superuser = database.superuser()) {
                UpgradeDatabase.Therapist before = UpgradeDatabase.therapist(superuser, "before-v211");
                practice = before.practice();
                UUID client = UUID.randomUUID();
                execute(superuser, "insert into client (practice_id, id, display_name, therapist_id, created_at)"
                        + " values (?, ?, 'Ada Attended', ?, now())", practice, client, before.account());
                execute(superuser, "insert into episode (practice_id, id, client_id, therapist_id, state, opened_at)"
                        + " values (?, ?, ?, ?, 'ACTIVE', now())", practice, episode, client, before.account());
                for (String attendance : new String[] {"ATTENDED", "ATTENDED", "DID_NOT_ATTEND", "SCHEDULED"}) {
                    execute(superuser, "insert into appointment (practice_id, id, episode_id, starts_at, minutes,"
                            + " attendance, created_at) values (?, ?, ?, now(), 50, ?, now())", practice,
                            UUID.randomUUID(), episode, attendance);
                }
            }

            database.migrateTo(null);

            try (Connection superuser = database.superuser()) {
                assertThat(single(superuser, "select attended from episode_attendance")).isEqualTo("2");
                execute(superuser, "update appointment set attendance = 'ATTENDED' where attendance <> 'ATTENDED'"
                        + " and practice_id = ?", practice);
                assertThat(single(superuser, "select attended from episode_attendance")).isEqualTo("4");
                execute(superuser, "delete from appointment where attendance = 'ATTENDED' and practice_id = ?"
                        + " and id = (select min(id::text)::uuid from appointment)", practice);
                assertThat(single(superuser, "select attended from episode_attendance")).isEqualTo("3");
            }
        }
    }
}
