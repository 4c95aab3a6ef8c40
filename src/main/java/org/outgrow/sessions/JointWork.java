package org.outgrow.sessions;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Session preparation, between-session tasks and the client's log of trying them, in the current practice. */
@Repository
class JointWork {

    record Preparation(UUID appointmentId, @Nullable String bring, @Nullable String since, Instant updatedAt,
                       int version) {
    }

    enum ProposedBy { CLIENT, THERAPIST, TOGETHER }

    enum TaskState { OPEN, DONE, SET_ASIDE }

    record Task(UUID id, UUID episodeId, String description, ProposedBy proposedBy, Instant createdAt,
                TaskState state, List<Attempt> attempts) {

        public boolean tried() {
            return !attempts.isEmpty();
        }
    }

    record Attempt(LocalDate on, int went, @Nullable String learned) {
    }

    private final JdbcClient jdbc;

    JointWork(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Preparation> preparation(UUID appointmentId) {
        return jdbc.sql("select appointment_id, bring, since, updated_at, version from session_preparation"
                        + " where practice_id = ? and appointment_id = ?")
                .params(practice(), appointmentId).query(JointWork::preparation).optional();
    }

    List<Preparation> preparationsOf(UUID episodeId) {
        return jdbc.sql("select appointment_id, bring, since, updated_at, version from session_preparation"
                        + " where practice_id = ? and episode_id = ?")
                .params(practice(), episodeId).query(JointWork::preparation).list();
    }

    /**
     * Writes the client's preparation. {@code version} is the one they started from (null for a new
     * one); false when someone saved in between, so nothing is overwritten unseen.
     */
    boolean savePreparation(UUID appointmentId, UUID episodeId, @Nullable String bring, @Nullable String since,
                            @Nullable Integer version, Instant now) {
        if (version == null) {
            return jdbc.sql("""
                    insert into session_preparation (practice_id, id, appointment_id, episode_id, bring, since,
                        written_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (practice_id, appointment_id) do nothing""")
                    .params(practice(), Ids.next(), appointmentId, episodeId, bring, since, Timestamp.from(now),
                            Timestamp.from(now))
                    .update() == 1;
        }
        return jdbc.sql("""
                update session_preparation set bring = ?, since = ?, updated_at = ?, version = version + 1
                where practice_id = ? and appointment_id = ? and version = ?""")
                .params(bring, since, Timestamp.from(now), practice(), appointmentId, version).update() == 1;
    }

    UUID addTask(UUID episodeId, String description, ProposedBy proposedBy, UUID by, Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into between_session_task (practice_id, id, episode_id, description, proposed_by, created_by,
                    created_at, state)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN')""")
                .params(practice(), id, episodeId, description, proposedBy.name(), by, Timestamp.from(now)).update();
        return id;
    }

    boolean setState(UUID episodeId, UUID taskId, TaskState state) {
        return jdbc.sql("update between_session_task set state = ? where practice_id = ? and episode_id = ? and id = ?")
                .params(state.name(), practice(), episodeId, taskId).update() == 1;
    }

    void logAttempt(UUID taskId, LocalDate on, int went, @Nullable String learned, Instant now) {
        jdbc.sql("""
                insert into task_attempt (practice_id, id, task_id, attempted_on, went, learned, logged_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), Ids.next(), taskId, Date.valueOf(on), went, learned, Timestamp.from(now))
                .update();
    }

    /** The episodes' tasks, newest first, each with its attempts oldest first: two statements. */
    List<Task> tasksOf(List<UUID> episodeIds) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        UUID[] ids = episodeIds.toArray(UUID[]::new);
        record Row(UUID task, Attempt attempt) {
        }
        List<Row> attempts = jdbc.sql("""
                select t.id, a.attempted_on, a.went, a.learned from task_attempt a
                join between_session_task t on t.practice_id = a.practice_id and t.id = a.task_id
                where a.practice_id = ? and t.episode_id = any(?) order by a.attempted_on, a.logged_at""")
                .params(practice(), ids)
                .query((rs, row) -> new Row(rs.getObject("id", UUID.class), new Attempt(
                        rs.getDate("attempted_on").toLocalDate(), rs.getInt("went"), rs.getString("learned"))))
                .list();
        return jdbc.sql("""
                select id, episode_id, description, proposed_by, created_at, state from between_session_task
                where practice_id = ? and episode_id = any(?) order by created_at desc""")
                .params(practice(), ids)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Task(id, rs.getObject("episode_id", UUID.class), rs.getString("description"),
                            ProposedBy.valueOf(rs.getString("proposed_by")), rs.getTimestamp("created_at").toInstant(),
                            TaskState.valueOf(rs.getString("state")),
                            attempts.stream().filter(attempt -> attempt.task().equals(id)).map(Row::attempt).toList());
                })
                .list();
    }

    private static Preparation preparation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Preparation(rs.getObject("appointment_id", UUID.class), rs.getString("bring"),
                rs.getString("since"), rs.getTimestamp("updated_at").toInstant(), rs.getInt("version"));
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
