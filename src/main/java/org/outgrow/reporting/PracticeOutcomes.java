package org.outgrow.reporting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.measurement.Change;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.measurement.Score;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The practice's ended episodes with what the outcome figures need, in one statement: each episode
 * with its therapist, ending and attended sessions (kept in {@code episode_attendance} as
 * attendance is recorded, migration V211) and its main questionnaire's first and last scored answer
 * up to the ending (kept in {@code measure_span} as answers are stored, V199). So the report reads
 * one row per episode, not every appointment and answer of the period (docs/benchmarks.md). The
 * main questionnaire is PHQ-9 where it was used, otherwise the first one answered of those that
 * publish a reliable-change threshold. No clinical free text is read.
 */
@Component
class PracticeOutcomes {

    private final JdbcClient jdbc;
    private final InstrumentLibrary instruments;
    private final String[] withThreshold;

    PracticeOutcomes(JdbcClient jdbc, InstrumentLibrary instruments) {
        this.jdbc = jdbc;
        this.instruments = instruments;
        this.withThreshold = instruments.all().stream().filter(instrument -> instrument.reliableChange() != null)
                .map(Instrument::id).sorted().toArray(String[]::new);
    }

    /** Episodes that ended in [from, to), in no particular order. */
    @Transactional(readOnly = true)
    List<OutcomeFigures.Ended> ended(Instant from, Instant to) {
        UUID practice = Tenancy.requirePractice().value();
        return jdbc.sql("""
                select a.id, a.display_name, e.ending_kind, coalesce(t.attended, 0),
                    s.instrument, s.scored, s.first_total, s.first_caseness, s.last_total, s.last_caseness
                from episode e -- counted for the therapist who ended it, though the client may have moved on since
                join account a on a.practice_id = e.practice_id and a.id = coalesce(e.ended_by, e.therapist_id)
                left join episode_attendance t on t.practice_id = e.practice_id and t.episode_id = e.id
                left join (select distinct on (episode_id) * from measure_span
                           where practice_id = ? and instrument = any(?)
                           order by episode_id, instrument <> 'phq-9', first_at, instrument) s on s.episode_id = e.id
                where e.practice_id = ? and e.state in ('ENDED', 'FOLLOW_UP') and e.ended_at >= ? and e.ended_at < ?
                  and not exists (select 1 from client c where c.practice_id = e.practice_id and c.id = e.client_id
                                  and c.erasure_requested_at is not null) -- restricted: kept, not used""")
                .params(practice, withThreshold, practice, Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> { // by position: the report reads a row per ended episode of the practice
                    String main = rs.getString(5);
                    Change change = null;
                    Boolean casenessAtStart = null;
                    if (main != null) {
                        casenessAtStart = caseness(rs, 8);
                        if (rs.getInt(6) > 1) {
                            change = Change.between(instruments.find(main).orElseThrow(),
                                    score(rs.getDouble(7), casenessAtStart), score(rs.getDouble(9), caseness(rs, 10)))
                                    .orElse(null);
                        }
                    }
                    return new OutcomeFigures.Ended(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getInt(4), change, casenessAtStart);
                })
                .list();
    }

    private static @Nullable Boolean caseness(ResultSet rs, int column) throws SQLException {
        boolean caseness = rs.getBoolean(column);
        return rs.wasNull() ? null : caseness;
    }

    private static Score score(double total, @Nullable Boolean caseness) {
        return new Score(Score.Completeness.COMPLETE, total, null, caseness, Score.Risk.NOT_APPLICABLE, Map.of(),
                List.of());
    }
}
