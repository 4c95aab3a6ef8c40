package org.outgrow.episodes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Change foci of episodes in the current practice, and the client's ratings of goals. */
@Repository
public class Foci {

    private static final String COLUMNS = """
            id, episode_id, wording, written_by, difficulty, client_wants_change, therapy_can_help, therapist_reason,
            status, scope_note, version""";

    private final JdbcClient jdbc;

    Foci(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ChangeFocus focus, UUID author, Instant now) {
        jdbc.sql("""
                insert into change_focus (practice_id, id, episode_id, wording, written_by, author_id,
                    client_wants_change, therapy_can_help, status, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), focus.id(), focus.episodeId(), focus.wording(), focus.writtenBy().name(), author,
                        focus.clientWantsChange().name(), focus.therapyCanHelp().name(), focus.status().name(),
                        Timestamp.from(now))
                .update();
    }

    void update(ChangeFocus focus) {
        int updated = jdbc.sql("""
                update change_focus set difficulty = ?, client_wants_change = ?, therapy_can_help = ?,
                       therapist_reason = ?, status = ?, scope_note = ?, version = version + 1
                where practice_id = ? and id = ? and version = ?""")
                .params(focus.difficulty(), focus.clientWantsChange().name(), focus.therapyCanHelp().name(),
                        focus.therapistReason(), focus.status().name(), focus.scopeNote(), practice(), focus.id(),
                        focus.version())
                .update();
        if (updated != 1) {
            throw new Episodes.ConcurrentChange();
        }
    }

    public List<ChangeFocus> ofEpisode(UUID episodeId) {
        return jdbc.sql("select " + COLUMNS + " from change_focus where practice_id = ? and episode_id = ?"
                        + " order by created_at")
                .params(practice(), episodeId).query(Foci::map).list();
    }

    /** A goal rating: 0 means no change toward the goal at all, 10 that it is fully reached. */
    public record Rating(UUID focusId, int rating, String occasion, Instant ratedAt) {
    }

    /** Stores a rating; a second baseline for the same goal is ignored (double submissions store one). */
    void rate(UUID focusId, int rating, String occasion, UUID by, Instant now) {
        jdbc.sql("""
                insert into goal_rating (practice_id, id, focus_id, rating, occasion, rated_at, rated_by)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(practice(), Ids.next(), focusId, rating, occasion, Timestamp.from(now), by).update();
    }

    public List<Rating> ratingsOfEpisode(UUID episodeId) {
        return jdbc.sql("""
                select r.focus_id, r.rating, r.occasion, r.rated_at from goal_rating r
                join change_focus f on f.id = r.focus_id and f.practice_id = r.practice_id
                where r.practice_id = ? and f.episode_id = ? order by r.rated_at""")
                .params(practice(), episodeId)
                .query((rs, row) -> new Rating(rs.getObject("focus_id", UUID.class), rs.getInt("rating"),
                        rs.getString("occasion"), rs.getTimestamp("rated_at").toInstant()))
                .list();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }

    private static ChangeFocus map(ResultSet rs, int row) throws SQLException {
        return new ChangeFocus(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getString("wording"), ChangeFocus.Author.valueOf(rs.getString("written_by")),
                rs.getString("difficulty"), ChangeFocus.Answer.valueOf(rs.getString("client_wants_change")),
                ChangeFocus.Answer.valueOf(rs.getString("therapy_can_help")), rs.getString("therapist_reason"),
                ChangeFocus.Status.valueOf(rs.getString("status")), rs.getString("scope_note"), rs.getInt("version"));
    }
}
