package org.outgrow.reporting;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * The practice's ended episodes with what the outcome figures need, in two statements: the
 * episodes (therapist, ending, attended sessions), then each one's first and last scored answer
 * per questionnaire up to its ending, which the database keeps in {@code measure_span} as answers
 * are stored (migration V199), so the report reads one row per episode and questionnaire instead
 * of sorting every answer of the period; attended sessions are counted in one pass over the
 * appointments, not one look-up per episode (docs/benchmarks.md). No clinical free text is read.
 */
@Component
class PracticeOutcomes {

    private final JdbcClient jdbc;
    private final InstrumentLibrary instruments;

    PracticeOutcomes(JdbcClient jdbc, InstrumentLibrary instruments) {
        this.jdbc = jdbc;
        this.instruments = instruments;
    }

    private record Episode(UUID id, UUID therapist, String therapistName, Instant endedAt, @Nullable String endingKind,
                           int attended) {
    }

    private record Pair(String instrument, double first, @Nullable Boolean firstCaseness, double last,
                        @Nullable Boolean lastCaseness, int scored, Instant firstAt) {
    }

    /** Episodes that ended in [from, to), oldest first. */
    @Transactional(readOnly = true)
    List<OutcomeFigures.Ended> ended(Instant from, Instant to) {
        UUID practice = Tenancy.requirePractice().value();
        List<Episode> episodes = jdbc.sql("""
                select e.id, a.id as therapist_id, a.display_name, e.ended_at, e.ending_kind,
                    coalesce(sessions.attended, 0) as attended
                from episode e -- counted for the therapist who ended it, though the client may have moved on since
                join account a on a.practice_id = e.practice_id and a.id = coalesce(e.ended_by, e.therapist_id)
                left join (select episode_id, count(*) as attended from appointment
                           where practice_id = ? and attendance = 'ATTENDED' group by episode_id) sessions
                    on sessions.episode_id = e.id
                where e.practice_id = ? and e.state in ('ENDED', 'FOLLOW_UP') and e.ended_at >= ? and e.ended_at < ?
                  and not exists (select 1 from client c where c.practice_id = e.practice_id and c.id = e.client_id
                                  and c.erasure_requested_at is not null) -- restricted: kept, not used
                order by e.ended_at""")
                .params(practice, practice, Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new Episode(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class),
                        rs.getString("display_name"), rs.getTimestamp("ended_at").toInstant(),
                        rs.getString("ending_kind"), rs.getInt("attended")))
                .list();
        Map<UUID, List<Pair>> pairs = new HashMap<>();
        jdbc.sql("""
                select s.episode_id, s.instrument, s.first_total, s.first_caseness, s.last_total as total,
                    s.last_caseness as caseness, s.scored, s.first_at
                from measure_span s join episode e on e.practice_id = s.practice_id and e.id = s.episode_id
                where s.practice_id = ? and e.state in ('ENDED', 'FOLLOW_UP') and e.ended_at >= ? and e.ended_at < ?
                  and not exists (select 1 from client c where c.practice_id = e.practice_id and c.id = e.client_id
                                  and c.erasure_requested_at is not null)""")
                .params(practice, Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> {
                    boolean firstCase = rs.getBoolean("first_caseness");
                    Boolean firstCaseness = rs.wasNull() ? null : firstCase;
                    boolean lastCase = rs.getBoolean("caseness");
                    Boolean lastCaseness = rs.wasNull() ? null : lastCase;
                    return pairs.computeIfAbsent(rs.getObject("episode_id", UUID.class), id -> new ArrayList<>())
                            .add(new Pair(rs.getString("instrument"), rs.getDouble("first_total"), firstCaseness,
                                    rs.getDouble("total"), lastCaseness, rs.getInt("scored"),
                                    rs.getTimestamp("first_at").toInstant()));
                })
                .list();
        List<OutcomeFigures.Ended> ended = new ArrayList<>();
        for (Episode episode : episodes) {
            Pair main = main(pairs.getOrDefault(episode.id(), List.of()));
            Change change = null;
            if (main != null && main.scored() > 1) {
                Instrument instrument = instruments.find(main.instrument()).orElseThrow();
                change = Change.between(instrument, score(main.first(), main.firstCaseness()),
                        score(main.last(), main.lastCaseness())).orElse(null);
            }
            ended.add(new OutcomeFigures.Ended(episode.id(), episode.therapist(), episode.therapistName(),
                    episode.endedAt(), episode.endingKind(), episode.attended(), change,
                    main == null ? null : main.firstCaseness()));
        }
        return ended;
    }

    /** PHQ-9 where it was used; otherwise the first questionnaire answered that publishes a reliable-change threshold. */
    private @Nullable Pair main(List<Pair> pairs) {
        List<Pair> usable = pairs.stream().filter(pair -> instruments.find(pair.instrument())
                .map(instrument -> instrument.reliableChange() != null).orElse(false)).toList();
        return usable.stream().filter(pair -> pair.instrument().equals("phq-9")).findFirst()
                .or(() -> usable.stream().min(java.util.Comparator.comparing(Pair::firstAt))).orElse(null);
    }

    private static Score score(double total, @Nullable Boolean caseness) {
        return new Score(Score.Completeness.COMPLETE, total, null, caseness, Score.Risk.NOT_APPLICABLE, Map.of(),
                List.of());
    }
}
