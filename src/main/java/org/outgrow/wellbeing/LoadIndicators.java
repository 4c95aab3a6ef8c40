package org.outgrow.wellbeing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A therapist's load, in one statement over the modules' tables (a read model, like the caseload):
 * open risk alerts, clients not on track, sessions per week over the last four weeks and in the
 * coming week, and days since their last supervision; with gentle nudges where a number suggests
 * looking after themselves.
 */
@Component
class LoadIndicators {

    /** Sessions a week above which the nudge suggests looking at the caseload's size. */
    static final double MANY_SESSIONS = 25;
    /** Days without supervision after which the nudge suggests booking some. */
    static final int SUPERVISION_GAP_DAYS = 42;
    /** Open risk alerts from which the nudge suggests sharing the weight. */
    static final int MANY_RISKS = 3;

    public record Load(int openRisk, int notOnTrack, double sessionsPerWeek, int scheduledNextWeek,
                       @Nullable Long daysSinceSupervision, List<String> nudges) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    LoadIndicators(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    Load of(UUID therapist) {
        Instant now = clock.instant();
        return jdbc.sql("""
                select
                    (select count(*) from alert a where a.practice_id = ? and a.owner_id = ? and a.state = 'OPEN'
                        and a.kind = 'RISK') as risk,
                    (select count(distinct a.episode_id) from alert a where a.practice_id = ? and a.owner_id = ?
                        and a.state = 'OPEN' and a.kind = 'NOT_ON_TRACK') as not_on_track,
                    (select count(*) from appointment ap join episode e on e.practice_id = ap.practice_id
                        and e.id = ap.episode_id where ap.practice_id = ? and e.therapist_id = ?
                        and ap.attendance = 'ATTENDED' and ap.starts_at >= ? and ap.starts_at < ?) as attended,
                    (select count(*) from appointment ap join episode e on e.practice_id = ap.practice_id
                        and e.id = ap.episode_id where ap.practice_id = ? and e.therapist_id = ?
                        and ap.attendance = 'SCHEDULED' and ap.starts_at >= ? and ap.starts_at < ?) as scheduled,
                    (select max(s.held_on) from supervision_record s join supervision_request r
                        on r.practice_id = s.practice_id and r.id = s.request_id
                        where s.practice_id = ? and r.therapist_id = ?) as last_supervision""")
                .params(practice(), therapist, practice(), therapist, practice(), therapist,
                        Timestamp.from(now.minus(Duration.ofDays(28))), Timestamp.from(now), practice(), therapist,
                        Timestamp.from(now), Timestamp.from(now.plus(Duration.ofDays(7))), practice(), therapist)
                .query((rs, row) -> {
                    java.sql.Date last = rs.getDate("last_supervision");
                    Long days = last == null ? null : ChronoUnit.DAYS.between(last.toLocalDate(),
                            LocalDate.ofInstant(now, java.time.ZoneOffset.UTC));
                    double perWeek = rs.getInt("attended") / 4.0;
                    int risk = rs.getInt("risk");
                    List<String> nudges = new ArrayList<>();
                    if (perWeek > MANY_SESSIONS || rs.getInt("scheduled") > MANY_SESSIONS) {
                        nudges.add("load.nudge.sessions");
                    }
                    if (days == null || days > SUPERVISION_GAP_DAYS) {
                        nudges.add("load.nudge.supervision");
                    }
                    if (risk >= MANY_RISKS) {
                        nudges.add("load.nudge.risk");
                    }
                    return new Load(risk, rs.getInt("not_on_track"), perWeek, rs.getInt("scheduled"), days,
                            List.copyOf(nudges));
                })
                .single();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
