package org.outgrow.supervision;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Cases brought to supervision and the supervision held on them, in the current practice. */
@Repository
class SupervisionRequests {

    public record Request(UUID id, UUID episodeId, String therapistName, String supervisorName, String question,
                          String summary, boolean notOnTrack, boolean open, Instant createdAt,
                          @Nullable Instant withdrawnAt, List<Held> held, List<BroughtReview> reviews) {

        public boolean withdrawn() {
            return withdrawnAt != null;
        }

        public long awaitingSignOff() {
            return reviews.stream().filter(review -> !review.signedOff()).count();
        }
    }

    /** {@code signedOff} on records from before sign-off moved to each review. */
    public record Held(LocalDate on, @Nullable String discussion, String actions, boolean signedOff) {
    }

    /** A not-on-track review as it was brought, and who signed it off, when, with what comment. */
    public record BroughtReview(UUID id, String summary, @Nullable String signedOffBy, @Nullable Instant signedOffAt,
                                @Nullable String comment) {

        public boolean signedOff() {
            return signedOffAt != null;
        }
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

    void bringReview(UUID requestId, UUID reviewId, String summary) {
        jdbc.sql("insert into supervision_review (practice_id, id, request_id, review_id, summary) values (?, ?, ?, ?, ?)")
                .params(practice(), Ids.next(), requestId, reviewId, summary)
                .update();
    }

    /** Of these reviews, the ones a supervisor has already signed off, whichever case they came with. */
    Set<UUID> signedOff(Collection<UUID> reviewIds) {
        if (reviewIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("""
                select review_id from supervision_review
                where practice_id = ? and review_id = any(?) and signed_off_at is not null""")
                .params(practice(), reviewIds.toArray(UUID[]::new))
                .query(UUID.class).list());
    }

    /** False when the review was not brought with this case or is signed off already. */
    boolean signOff(UUID requestId, UUID broughtReviewId, @Nullable String comment, UUID by, Instant now) {
        try {
            return jdbc.sql("""
                    update supervision_review set signed_off_by = ?, signed_off_at = ?, comment = ?
                    where practice_id = ? and request_id = ? and id = ? and signed_off_at is null""")
                    .params(by, Timestamp.from(now), comment, practice(), requestId, broughtReviewId)
                    .update() == 1;
        } catch (DuplicateKeyException signedWithAnotherCase) {
            return false;
        }
    }

    void record(UUID requestId, LocalDate on, @Nullable String discussion, String actions, UUID by, Instant now) {
        jdbc.sql("""
                insert into supervision_record (practice_id, id, request_id, held_on, discussion, actions,
                    recorded_by, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), Ids.next(), requestId, Date.valueOf(on), discussion, actions, by,
                        Timestamp.from(now))
                .update();
        jdbc.sql("update supervision_request set state = 'DISCUSSED' where practice_id = ? and id = ? and state = 'OPEN'")
                .params(practice(), requestId).update();
    }

    /** False when the case was not brought from this episode or is withdrawn already. */
    boolean withdraw(UUID requestId, UUID episodeId, Instant now) {
        return jdbc.sql("""
                update supervision_request set state = 'WITHDRAWN', withdrawn_at = ?
                where practice_id = ? and id = ? and episode_id = ? and state <> 'WITHDRAWN'""")
                .params(Timestamp.from(now), practice(), requestId, episodeId)
                .update() == 1;
    }

    /** Withdraws every case brought from the client's episodes. */
    void withdrawAllOf(UUID clientId, Instant now) {
        jdbc.sql("""
                update supervision_request set state = 'WITHDRAWN', withdrawn_at = ?
                where practice_id = ? and state <> 'WITHDRAWN'
                  and episode_id in (select id from episode where practice_id = ? and client_id = ?)""")
                .params(Timestamp.from(now), practice(), practice(), clientId).update();
    }

    /** Cases brought to this supervisor and not withdrawn, open first. */
    List<Request> ofSupervisor(UUID supervisor) {
        return requests("r.supervisor_id = ? and r.state <> 'WITHDRAWN'", supervisor);
    }

    List<Request> ofEpisode(UUID episodeId) {
        return requests("r.episode_id = ?", episodeId);
    }

    Optional<Request> ofSupervisor(UUID supervisor, UUID requestId) {
        return requests("r.supervisor_id = ? and r.id = ? and r.state <> 'WITHDRAWN'", supervisor, requestId).stream()
                .findFirst();
    }

    private List<Request> requests(String condition, UUID... values) {
        record Row(UUID request, Held held) {
        }
        record ReviewRow(UUID request, BroughtReview review) {
        }
        List<ReviewRow> reviews = jdbc.sql("""
                select b.request_id, b.id, b.summary, a.display_name as signed_off_by, b.signed_off_at, b.comment
                from supervision_review b
                join supervision_request r on r.practice_id = b.practice_id and r.id = b.request_id
                left join account a on a.practice_id = b.practice_id and a.id = b.signed_off_by
                where b.practice_id = ? and\s""" + condition + " order by b.id") // ids follow time
                .params(params(values))
                .query((rs, row) -> new ReviewRow(rs.getObject("request_id", UUID.class), new BroughtReview(
                        rs.getObject("id", UUID.class), rs.getString("summary"), rs.getString("signed_off_by"),
                        rs.getTimestamp("signed_off_at") == null ? null : rs.getTimestamp("signed_off_at").toInstant(),
                        rs.getString("comment"))))
                .list();
        List<Row> held = jdbc.sql("""
                select s.request_id, s.held_on, s.discussion, s.actions, s.signed_off from supervision_record s
                join supervision_request r on r.practice_id = s.practice_id and r.id = s.request_id
                where s.practice_id = ? and\s""" + condition + " order by s.held_on, s.recorded_at")
                .params(params(values))
                .query((rs, row) -> new Row(rs.getObject("request_id", UUID.class), new Held(
                        rs.getDate("held_on").toLocalDate(), rs.getString("discussion"), rs.getString("actions"),
                        rs.getBoolean("signed_off"))))
                .list();
        return jdbc.sql("""
                select r.id, r.episode_id, t.display_name as therapist, s.display_name as supervisor, r.question,
                       r.summary, r.not_on_track, r.state, r.created_at, r.withdrawn_at
                from supervision_request r
                join account t on t.practice_id = r.practice_id and t.id = r.therapist_id
                join account s on s.practice_id = r.practice_id and s.id = r.supervisor_id
                where r.practice_id = ? and\s""" + condition + " order by r.state = 'OPEN' desc, r.created_at desc")
                .params(params(values))
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    return new Request(id, rs.getObject("episode_id", UUID.class), rs.getString("therapist"),
                            rs.getString("supervisor"), rs.getString("question"), rs.getString("summary"),
                            rs.getBoolean("not_on_track"), "OPEN".equals(rs.getString("state")),
                            rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("withdrawn_at") == null ? null : rs.getTimestamp("withdrawn_at").toInstant(),
                            held.stream().filter(candidate -> candidate.request().equals(id)).map(Row::held).toList(),
                            reviews.stream().filter(candidate -> candidate.request().equals(id))
                                    .map(ReviewRow::review).toList());
                })
                .list();
    }

    private static Object[] params(UUID... values) {
        Object[] params = new Object[values.length + 1];
        params[0] = practice();
        System.arraycopy(values, 0, params, 1, values.length);
        return params;
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
