package org.outgrow.supervision;

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

/** Cases brought to supervision and the supervision held on them, in the current practice. */
@Repository
class SupervisionRequests {

    public record Request(UUID id, UUID episodeId, String therapistName, String supervisorName, String question,
                          String summary, boolean notOnTrack, boolean open, Instant createdAt, List<Held> held) {

        public boolean signedOff() {
            return held.stream().anyMatch(Held::signedOff);
        }
    }

    public record Held(LocalDate on, @Nullable String discussion, String actions, boolean signedOff) {
    }

    private final JdbcClient jdbc;

    SupervisionRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID bring(UUID episodeId, UUID therapist, UUID supervisor, String question, String summary, boolean notOnTrack,
               Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into supervision_request (practice_id, id, episode_id, therapist_id, supervisor_id, question,
                    summary, not_on_track, state, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?)""")
                .params(practice(), id, episodeId, therapist, supervisor, question, summary, notOnTrack,
                        Timestamp.from(now))
                .update();
        return id;
    }

    void record(UUID requestId, LocalDate on, @Nullable String discussion, String actions, boolean signedOff, UUID by,
                Instant now) {
        jdbc.sql("""
                insert into supervision_record (practice_id, id, request_id, held_on, discussion, actions, signed_off,
                    recorded_by, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), Ids.next(), requestId, Date.valueOf(on), discussion, actions, signedOff, by,
                        Timestamp.from(now))
                .update();
        jdbc.sql("update supervision_request set state = 'DISCUSSED' where practice_id = ? and id = ?")
                .params(practice(), requestId).update();
    }

    /** Cases brought to this supervisor, open first. */
    List<Request> ofSupervisor(UUID supervisor) {
        return requests("r.supervisor_id = ?", supervisor);
    }

    List<Request> ofEpisode(UUID episodeId) {
        return requests("r.episode_id = ?", episodeId);
    }

    Optional<Request> ofSupervisor(UUID supervisor, UUID requestId) {
        return ofSupervisor(supervisor).stream().filter(request -> request.id().equals(requestId)).findFirst();
    }

    private List<Request> requests(String condition, UUID value) {
        record Row(UUID request, Held held) {
        }
        List<Row> held = jdbc.sql("""
                select s.request_id, s.held_on, s.discussion, s.actions, s.signed_off from supervision_record s
                join supervision_request r on r.practice_id = s.practice_id and r.id = s.request_id
                where s.practice_id = ? and\s""" + condition + " order by s.held_on, s.recorded_at")
                .params(practice(), value)
                .query((rs, row) -> new Row(rs.getObject("request_id", UUID.class), new Held(
                        rs.getDate("held_on").toLocalDate(), rs.getString("discussion"), rs.getString("actions"),
                        rs.getBoolean("signed_off"))))
                .list();
        return jdbc.sql("""
                select r.id, r.episode_id, t.display_name as therapist, s.display_name as supervisor, r.question,
                       r.summary, r.not_on_track, r.state, r.created_at
                from supervision_request r
                join account t on t.practice_id = r.practice_id and t.id = r.therapist_id
                join account s on s.practice_id = r.practice_id and s.id = r.supervisor_id
                where r.practice_id = ? and\s""" + condition + " order by r.state = 'OPEN' desc, r.created_at desc")
                .params(practice(), value)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Request(id, rs.getObject("episode_id", UUID.class), rs.getString("therapist"),
                            rs.getString("supervisor"), rs.getString("question"), rs.getString("summary"),
                            rs.getBoolean("not_on_track"), "OPEN".equals(rs.getString("state")),
                            rs.getTimestamp("created_at").toInstant(),
                            held.stream().filter(candidate -> candidate.request().equals(id)).map(Row::held).toList());
                })
                .list();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
