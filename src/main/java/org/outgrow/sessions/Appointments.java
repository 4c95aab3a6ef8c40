package org.outgrow.sessions;

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

/** Appointments of the current practice; attended ones numbered within their episode. */
@Repository
public class Appointments {

    private static final String SELECT = """
            select id, episode_id, starts_at, minutes, attendance, version,
                   case when attendance = 'ATTENDED' then count(*) filter (where attendance = 'ATTENDED')
                        over (partition by episode_id order by starts_at, id) end as number
            from appointment where practice_id = ?""";

    private final JdbcClient jdbc;

    Appointments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID schedule(UUID episodeId, Instant startsAt, int minutes, Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into appointment (practice_id, id, episode_id, starts_at, minutes, attendance, created_at)
                values (?, ?, ?, ?, ?, 'SCHEDULED', ?)""")
                .params(practice(), id, episodeId, Timestamp.from(startsAt), minutes, Timestamp.from(now)).update();
        return id;
    }

    public List<Appointment> ofEpisode(UUID episodeId) {
        return jdbc.sql("select * from (" + SELECT + ") a where episode_id = ? order by starts_at")
                .params(practice(), episodeId).query(Appointments::map).list();
    }

    List<Appointment> ofEpisodes(List<UUID> episodeIds) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from (" + SELECT + ") a where episode_id = any(?) order by starts_at")
                .params(practice(), episodeIds.toArray(UUID[]::new)).query(Appointments::map).list();
    }

    void update(Appointment appointment, Instant now) {
        int updated = jdbc.sql("""
                update appointment set attendance = ?, recorded_at = ?, version = version + 1
                where practice_id = ? and id = ? and version = ?""")
                .params(appointment.attendance().name(), Timestamp.from(now), practice(), appointment.id(),
                        appointment.version())
                .update();
        if (updated != 1) {
            throw new SessionRuleViolation("appointment.rule.changedMeanwhile");
        }
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }

    private static @org.jspecify.annotations.Nullable Integer number(ResultSet rs) throws SQLException {
        Number number = (Number) rs.getObject("number");
        return number == null ? null : number.intValue();
    }

    private static Appointment map(ResultSet rs, int row) throws SQLException {
        return new Appointment(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getTimestamp("starts_at").toInstant(), rs.getInt("minutes"),
                Appointment.Attendance.valueOf(rs.getString("attendance")), number(rs), rs.getInt("version"));
    }
}
