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
}
