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
 * per questionnaire. No clinical free text is read. First and last come from one window over
 * the whole partition, so PostgreSQL sorts the answers once (two orderings cost two sorts of every
 * answer in the period: 16.7 s against 7.0 s over 2M answers, docs/benchmarks.md).
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
                select e.id, e.therapist_id, a.display_name, e.ended_at, e.ending_kind,
                    (select count(*) from appointment ap where ap.practice_id = e.practice_id
                        and ap.episode_id = e.id and ap.attendance = 'ATTENDED') as attended
                from episode e join account a on a.practice_id = e.practice_id and a.id = e.therapist_id
                where e.practice_id = ? and e.state in ('ENDED', 'FOLLOW_UP') and e.ended_at >= ? and e.ended_at < ?
                order by e.ended_at""")
                .params(practice, Timestamp.from(from), Timestamp.from(to))
                .query((rs, row) -> new Episode(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class),
                        rs.getString("display_name"), rs.getTimestamp("ended_at").toInstant(),
                        rs.getString("ending_kind"), rs.getInt("attended")))
                .list();
        Map<UUID, List<Pair>> pairs = new HashMap<>();
        jdbc.sql("""
                select episode_id, instrument, first_total, first_caseness, total, caseness, scored, first_at from (
                    select r.episode_id, r.instrument,
                        first_value(r.total) over span as first_total,
                        first_value(r.caseness) over span as first_caseness,
                        first_value(r.answered_at) over span as first_at,
                        last_value(r.total) over span as total,
                        last_value(r.caseness) over span as caseness,
                        count(*) over span as scored,
                        row_number() over span as nth
                    from measure_response r
                    join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
                    where r.practice_id = ? and r.total is not null and e.state in ('ENDED', 'FOLLOW_UP')
                      and e.ended_at >= ? and e.ended_at < ? and r.answered_at <= e.ended_at
                    window span as (partition by r.episode_id, r.instrument order by r.answered_at, r.id
                                    rows between unbounded preceding and unbounded following)
                ) ranked where nth = 1""")
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
