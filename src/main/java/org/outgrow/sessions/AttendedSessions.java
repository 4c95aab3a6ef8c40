package org.outgrow.sessions;

import java.util.UUID;

import org.outgrow.episodes.AttendanceCounts;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the episodes module how many of an episode's sessions were attended. */
@Component
class AttendedSessions implements AttendanceCounts {

    private final JdbcClient jdbc;

    AttendedSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int attended(UUID episodeId) {
        return jdbc.sql("select count(*) from appointment where practice_id = ? and episode_id = ?"
                        + " and attendance = 'ATTENDED'")
                .params(Tenancy.requirePractice().value(), episodeId).query(Integer.class).single();
    }

    @Override
    public int attendedSince(UUID episodeId, java.time.Instant after) {
        return jdbc.sql("select count(*) from appointment where practice_id = ? and episode_id = ?"
                        + " and attendance = 'ATTENDED' and starts_at > ?")
                .params(Tenancy.requirePractice().value(), episodeId, java.sql.Timestamp.from(after))
                .query(Integer.class).single();
    }

    @Override
    public java.util.Optional<java.time.Instant> lastAttended(UUID episodeId) {
        return jdbc.sql("select max(starts_at) from appointment where practice_id = ? and episode_id = ?"
                        + " and attendance = 'ATTENDED'")
                .params(Tenancy.requirePractice().value(), episodeId)
                .query((rs, row) -> rs.getTimestamp(1)).optional()
                .filter(java.util.Objects::nonNull).map(java.sql.Timestamp::toInstant);
    }
}
