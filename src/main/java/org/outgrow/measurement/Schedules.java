package org.outgrow.measurement;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which questionnaires an episode asks and when. */
@Repository
class Schedules {

    record Schedule(UUID id, UUID episodeId, String instrument, Occasion occasion, @Nullable Integer everyDays,
                    Instant createdAt) {
    }

    private final JdbcClient jdbc;

    Schedules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds a schedule; false when the same instrument is already asked on that occasion. */
    boolean add(UUID episodeId, String instrument, Occasion occasion, @Nullable Integer everyDays, UUID by,
                Instant now) {
        return jdbc.sql("""
                insert into measure_schedule (practice_id, id, episode_id, instrument, occasion, every_days,
                    created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (practice_id, episode_id, instrument, occasion) where stopped_at is null do nothing""")
                .params(practice(), Ids.next(), episodeId, instrument, occasion.name(), everyDays, by,
                        Timestamp.from(now))
                .update() == 1;
    }

    boolean stop(UUID episodeId, UUID scheduleId, Instant now) {
        return jdbc.sql("update measure_schedule set stopped_at = ?"
                        + " where practice_id = ? and episode_id = ? and id = ? and stopped_at is null")
                .params(Timestamp.from(now), practice(), episodeId, scheduleId).update() == 1;
    }

    /** Stops every live schedule of the client's episodes. */
    void stopAllOf(UUID clientId, Instant now) {
        jdbc.sql("""
                update measure_schedule set stopped_at = ?
                where practice_id = ? and stopped_at is null
                  and episode_id in (select id from episode where practice_id = ? and client_id = ?)""")
                .params(Timestamp.from(now), practice(), practice(), clientId).update();
    }

    boolean belongsTo(UUID episodeId, UUID scheduleId) {
        return jdbc.sql("select exists (select 1 from measure_schedule where practice_id = ? and episode_id = ? and id = ?)")
                .params(practice(), episodeId, scheduleId).query(Boolean.class).single();
    }

    List<Schedule> ofEpisode(UUID episodeId) {
        return jdbc.sql("select id, episode_id, instrument, occasion, every_days, created_at from measure_schedule"
                        + " where practice_id = ? and episode_id = ? and stopped_at is null order by created_at")
                .params(practice(), episodeId).query(Schedules::map).list();
    }

    /** Live schedules of the practice's episodes that are in a state where they ask. */
    List<Schedule> live() {
        return jdbc.sql("""
                select s.id, s.episode_id, s.instrument, s.occasion, s.every_days, s.created_at
                from measure_schedule s join episode e on e.practice_id = s.practice_id and e.id = s.episode_id
                where s.practice_id = ? and s.stopped_at is null
                  and e.state in ('ASSESSMENT', 'ACTIVE', 'ENDING', 'FOLLOW_UP')""")
                .param(practice()).query(Schedules::map).list();
    }

    private static Schedule map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        int every = rs.getInt("every_days");
        return new Schedule(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getString("instrument"), Occasion.valueOf(rs.getString("occasion")), rs.wasNull() ? null : every,
                rs.getTimestamp("created_at").toInstant());
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
