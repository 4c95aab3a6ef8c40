package org.outgrow.episodes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** Reviews held in episodes of the current practice. */
@Repository
public class Reviews {

    /** A review's decision about how the work goes on. */
    public enum Decision { CONTINUE, REVISE_AGREEMENT, BEGIN_ENDING, REFER }

    public record Review(UUID id, Instant heldAt, int attendedSessions, Decision decision, @Nullable String note,
                         ChangeEvidence.Evidence evidence) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    Reviews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID episodeId, int attended, Decision decision, @Nullable String note,
                ChangeEvidence.Evidence evidence, UUID by, Instant at) {
        jdbc.sql("""
                insert into review (practice_id, id, episode_id, held_at, attended_sessions, decision, note, evidence,
                    created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
                .params(Tenancy.requirePractice().value(), Ids.next(), episodeId, Timestamp.from(at), attended,
                        decision.name(), note, JSON.writeValueAsString(evidence), by)
                .update();
    }

    /** Reviews held before measures were recorded with them have none. */
    private static ChangeEvidence.Evidence evidence(@Nullable String json) {
        return json == null ? ChangeEvidence.Evidence.NONE : JSON.readValue(json, ChangeEvidence.Evidence.class);
    }

    /** Newest first. */
    List<Review> ofEpisode(UUID episodeId) {
        return jdbc.sql("""
                select id, held_at, attended_sessions, decision, note, evidence from review
                where practice_id = ? and episode_id = ? order by held_at desc""")
                .params(Tenancy.requirePractice().value(), episodeId)
                .query((rs, row) -> new Review(rs.getObject("id", UUID.class), rs.getTimestamp("held_at").toInstant(),
                        rs.getInt("attended_sessions"), Decision.valueOf(rs.getString("decision")),
                        rs.getString("note"), evidence(rs.getString("evidence"))))
                .list();
    }
}
