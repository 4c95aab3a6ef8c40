package org.outgrow.reporting;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * The therapist's caseload in three statements whatever its size: the episodes with what the
 * other modules keep about them (next session and whether the client has prepared for it,
 * attendance, review point, open alerts, overdue questionnaires), then every episode's first and latest score per questionnaire, then the
 * goals' first and latest ratings. A read model across modules' tables on purpose: one query per
 * client would make a caseload of 25 cost 75 round trips. The caseload's clients are found through
 * the two indexes (assigned to the therapist, or in an open episode with them): an {@code or}
 * across the outer join made PostgreSQL read every client of the practice (docs/benchmarks.md).
 */
@Component
class Caseload {

    /** Most urgent first: an open risk alert, then not on track, a drop in session feedback, a review, overdue questionnaires. */
    enum Urgency { RISK, NOT_ON_TRACK, ALLIANCE_DROP, REVIEW, OVERDUE, NONE }

    public record Row(UUID clientId, String clientName, @Nullable UUID episodeId, @Nullable String state,
                      @Nullable Instant nextSession, boolean prepared, int attended, boolean reviewDue,
                      Set<String> alerts, int overdue, List<Measure> measures, List<Goal> goals, Urgency urgency) {

        public boolean open() {
            return episodeId != null;
        }

        public String urgencyName() {
            return urgency.name();
        }
    }

    public record Measure(String instrument, String total, @Nullable String band, @Nullable String change) {
    }

    public record Goal(String wording, int first, int latest) {
    }

    private record EpisodeRow(UUID clientId, String clientName, @Nullable UUID episodeId, @Nullable String state,
                              @Nullable Instant nextSession, boolean prepared, int attended, boolean reviewDue,
                              Set<String> alerts, int overdue) {
    }

    private final JdbcClient jdbc;
    private final InstrumentLibrary instruments;
    private final Clock clock;

    Caseload(JdbcClient jdbc, InstrumentLibrary instruments, Clock clock) {
        this.jdbc = jdbc;
        this.instruments = instruments;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<Row> of(UUID therapist, Locale locale) {
        UUID practice = Tenancy.requirePractice().value();
        Timestamp now = Timestamp.from(clock.instant());
        // The alerts' client condition adds nothing, but with it either index of alerts finds the
        // episode's few: on a table grown since it was last analyzed, the planner took the index of
        // open alerts by client with only the practice to go on (94,000 buffers a page).
        List<EpisodeRow> episodes = jdbc.sql("""
                select c.id as client_id, c.display_name, e.id as episode_id, e.state,
                    (select min(a.starts_at) from appointment a where a.practice_id = e.practice_id
                        and a.episode_id = e.id and a.attendance = 'SCHEDULED' and a.starts_at > ?) as next_session,
                    (select count(*) from appointment a where a.practice_id = e.practice_id and a.episode_id = e.id
                        and a.attendance = 'ATTENDED') as attended,
                    (select av.review_every_sessions from agreement_version av where av.practice_id = e.practice_id
                        and av.episode_id = e.id order by av.number desc limit 1) as review_every,
                    (select coalesce(max(r.attended_sessions), 0) from review r where r.practice_id = e.practice_id
                        and r.episode_id = e.id) as reviewed_at,
                    (select array_agg(distinct al.kind) from alert al where al.practice_id = e.practice_id
                        and al.episode_id = e.id and al.client_id = e.client_id and al.state = 'OPEN') as alerts,
                    (select count(*) from measure_request q where q.practice_id = e.practice_id
                        and q.episode_id = e.id and q.state = 'OPEN' and q.due_at < ? and q.occasion <> 'IN_ROOM')
                        as overdue,
                    exists (select 1 from session_preparation sp join appointment ap
                        on ap.practice_id = sp.practice_id and ap.id = sp.appointment_id
                        where sp.practice_id = e.practice_id and sp.episode_id = e.id
                          and ap.attendance = 'SCHEDULED' and ap.starts_at > ?) as prepared
                from client c
                left join episode e on e.practice_id = c.practice_id and e.client_id = c.id and e.therapist_id = ?
                    and e.state in ('INTAKE', 'ASSESSMENT', 'ACTIVE', 'ENDING')
                where c.practice_id = ? and c.therapist_id = ?""") // the clients in their care, and only those
                .params(now, now, now, therapist, practice, therapist)
                .query(Caseload::episode).list();
        UUID[] open = episodes.stream().map(EpisodeRow::episodeId).filter(java.util.Objects::nonNull)
                .toArray(UUID[]::new);
        Map<UUID, List<Measure>> measures = measures(practice, open, locale);
        Map<UUID, List<Goal>> goals = goals(practice, open);
        List<Row> rows = new ArrayList<>();
        for (EpisodeRow episode : episodes) {
            UUID id = episode.episodeId();
            rows.add(new Row(episode.clientId(), episode.clientName(), id, episode.state(), episode.nextSession(),
                    episode.prepared(), episode.attended(), episode.reviewDue(), episode.alerts(), episode.overdue(),
                    id == null ? List.of() : measures.getOrDefault(id, List.of()),
                    id == null ? List.of() : goals.getOrDefault(id, List.of()), urgency(episode)));
        }
        rows.sort(Comparator.comparing(Row::open).reversed().thenComparing(Row::urgency)
                .thenComparing(Row::nextSession, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(Row::clientName));
        return rows;
    }

    private static Urgency urgency(EpisodeRow episode) {
        Set<String> alerts = episode.alerts();
        if (alerts.contains("RISK")) {
            return Urgency.RISK;
        }
        if (alerts.contains("NOT_ON_TRACK") || alerts.contains("DETERIORATION")) {
            return Urgency.NOT_ON_TRACK;
        }
        if (alerts.contains("ALLIANCE_DROP")) {
            return Urgency.ALLIANCE_DROP;
        }
        if (episode.reviewDue() || alerts.contains("DRIFT")) {
            return Urgency.REVIEW;
        }
        if (episode.overdue() > 0 || alerts.contains("OVERDUE")) {
            return Urgency.OVERDUE;
        }
        return Urgency.NONE;
    }

    /**
     * Per episode, each questionnaire's latest score and its change against the first, from the
     * episode's {@code measure_span} rows (first, last, how many): an open episode has no end
     * (the database refuses one, V207), so its spans hold every scored answer.
     */
    private Map<UUID, List<Measure>> measures(UUID practice, UUID[] episodes, Locale locale) {
        Map<UUID, List<Measure>> byEpisode = new HashMap<>();
        jdbc.sql("""
                select s.episode_id, s.instrument, r.total, r.band, r.caseness, s.first_total, s.first_caseness,
                    s.scored
                from measure_span s
                join measure_response r on r.practice_id = s.practice_id and r.id = s.last_id
                where s.practice_id = ? and s.episode_id = any(?)
                order by s.episode_id, s.instrument""")
                .params(practice, episodes)
                .query((rs, row) -> {
                    String instrumentId = rs.getString("instrument");
                    Instrument instrument = instruments.find(instrumentId).orElse(null);
                    String change = null;
                    if (instrument != null && rs.getInt("scored") > 1) {
                        change = Change.between(instrument, score(rs, "first_total", "first_caseness"),
                                score(rs, "total", "caseness")).map(Enum::name).orElse(null);
                    }
                    byEpisode.computeIfAbsent(rs.getObject("episode_id", UUID.class), id -> new ArrayList<>())
                            .add(new Measure(instrument == null ? instrumentId : shortName(instrument, locale),
                                    format(rs.getDouble("total")), rs.getString("band"), change));
                    return null;
                })
                .list();
        return byEpisode;
    }

    /** Per episode, each agreed goal's first and latest rating. */
    private Map<UUID, List<Goal>> goals(UUID practice, UUID[] episodes) {
        Map<UUID, List<Goal>> byEpisode = new LinkedHashMap<>();
        jdbc.sql("""
                select episode_id, wording, first_rating, rating from (
                    select f.episode_id, f.wording, f.created_at, g.rating,
                        first_value(g.rating) over (partition by g.focus_id order by g.rated_at) as first_rating,
                        row_number() over (partition by g.focus_id order by g.rated_at desc) as newest
                    from goal_rating g
                    join change_focus f on f.practice_id = g.practice_id and f.id = g.focus_id
                    where g.practice_id = ? and f.episode_id = any(?)
                ) ranked where newest = 1 order by episode_id, created_at""")
                .params(practice, episodes)
                .query((rs, row) -> byEpisode.computeIfAbsent(rs.getObject("episode_id", UUID.class),
                        id -> new ArrayList<>()).add(new Goal(rs.getString("wording"), rs.getInt("first_rating"),
                        rs.getInt("rating"))))
                .list();
        return byEpisode;
    }

    private static Score score(ResultSet rs, String total, String caseness) throws SQLException {
        double value = rs.getDouble(total);
        boolean atCaseness = rs.getBoolean(caseness);
        Boolean known = rs.wasNull() ? null : atCaseness;
        return new Score(Score.Completeness.COMPLETE, value, null, known, Score.Risk.NOT_APPLICABLE, Map.of(),
                List.of());
    }

    private static EpisodeRow episode(ResultSet rs, int row) throws SQLException {
        Timestamp next = rs.getTimestamp("next_session");
        int attended = rs.getInt("attended");
        int every = rs.getInt("review_every");
        boolean hasAgreement = !rs.wasNull();
        Array alerts = rs.getArray("alerts");
        Set<String> kinds = alerts == null ? Set.of() : Set.of((String[]) alerts.getArray());
        String state = rs.getString("state");
        return new EpisodeRow(rs.getObject("client_id", UUID.class), rs.getString("display_name"),
                rs.getObject("episode_id", UUID.class), state, next == null ? null : next.toInstant(),
                rs.getBoolean("prepared"), attended,
                "ACTIVE".equals(state) && hasAgreement && attended - rs.getInt("reviewed_at") >= every, kinds,
                rs.getInt("overdue"));
    }

    /** "PHQ-9" of "PHQ-9: Patient Health Questionnaire (depression)": the name up to its colon or bracket. */
    static String shortName(Instrument instrument, Locale locale) {
        String name = instrument.names().getOrDefault(locale.getLanguage(), instrument.names().getOrDefault("en",
                instrument.id()));
        int end = name.length();
        for (char stop : new char[] {':', '('}) {
            int at = name.indexOf(stop);
            if (at > 0 && at < end) {
                end = at;
            }
        }
        return name.substring(0, end).strip();
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(Locale.ROOT, "%.1f", value);
    }
}
