package org.outgrow.measurement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** Scored responses of the current practice. Never updated: a response is what the client said then. */
@Repository
class Responses {

    private static final TypeReference<Map<String, Double>> SUBSCALES = new TypeReference<>() {
    };
    private static final TypeReference<java.util.LinkedHashMap<String, @Nullable Integer>> ANSWERS =
            new TypeReference<>() {
            };
    /** What a {@link StoredResponse} is made of; the answers themselves are read only where they are shown. */
    private static final String COLUMNS = """
            id, episode_id, instrument, answered_at, session_number, source, completeness, total, band, caseness,
            risk, subscales""";

    private final JdbcClient jdbc;

    Responses(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The answers by item, in the order given; an unanswered item has a null value. */
    static Map<String, @Nullable Integer> byItem(List<Answer> answers) {
        Map<String, @Nullable Integer> byItem = new java.util.LinkedHashMap<>();
        answers.forEach(answer -> byItem.put(answer.item(), answer.value()));
        return byItem;
    }

    record New(UUID id, UUID episodeId, UUID clientId, @Nullable UUID requestId, UUID submissionKey,
               Instrument instrument, List<Answer> answers, Instant answeredAt, int sessionNumber,
               StoredResponse.Source source, @Nullable UUID enteredBy, Score score) {

        Map<String, @Nullable Integer> answerMap() {
            return byItem(answers);
        }

        /** As it reads back once stored. */
        MeasurementRecords.Answered stored() {
            return new MeasurementRecords.Answered(new StoredResponse(id, episodeId, instrument.id(), answeredAt,
                    sessionNumber, source, score), answerMap());
        }
    }

    /**
     * What {@link #insert} did: whether the response is stored (not when its submission key is
     * stored already), and the instrument's first and last scored response in the episode with it,
     * oldest first: one when only one is scored, none when none is. They are all that change and
     * the expected range are judged from, so an answer reads two rows however long the episode has
     * run, in the statement that stores it.
     */
    record Inserted(boolean stored, List<StoredResponse> firstAndLastScored) {
    }

    /** The order of answers in an episode, as the database sorts them: by time, then by id (bytes unsigned). */
    private static final Comparator<StoredResponse> IN_ORDER = Comparator.comparing(StoredResponse::answeredAt)
            .thenComparing(StoredResponse::id, (a, b) -> {
                int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
                return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
            });

    Inserted insert(New response) {
        Map<String, @Nullable Integer> answers = response.answerMap();
        Score score = response.score();
        List<StoredResponse> candidates = new ArrayList<>(3);
        boolean[] stored = {false};
        // The reads see the episode as it was before this insert (one snapshot per statement).
        jdbc.sql("""
                with stored as (
                    insert into measure_response (practice_id, id, episode_id, client_id, request_id, submission_key,
                        instrument, instrument_version, answers, answered_at, session_number, source, entered_by,
                        completeness, total, band, caseness, risk, subscales)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)
                    on conflict (practice_id, submission_key) do nothing
                    returning id),
                earlier as (
                    (select\s""" + COLUMNS + """
                     from measure_response where practice_id = ? and episode_id = ? and instrument = ?
                       and total is not null order by answered_at, id limit 1)
                    union
                    (select\s""" + COLUMNS + """
                     from measure_response where practice_id = ? and episode_id = ? and instrument = ?
                       and total is not null order by answered_at desc, id desc limit 1))
                select (select count(*) from stored) as stored_now, earlier.*
                from (values (1)) one left join earlier on true""")
                .params(practice(), response.id(), response.episodeId(), response.clientId(), response.requestId(),
                        response.submissionKey(), response.instrument().id(), response.instrument().version(),
                        MeasureRequests.JSON.writeValueAsString(answers), Timestamp.from(response.answeredAt()),
                        response.sessionNumber(), response.source().name(), response.enteredBy(),
                        score.completeness().name(), score.total(), score.band(), score.caseness(),
                        score.risk().name(), MeasureRequests.JSON.writeValueAsString(score.subscales()),
                        practice(), response.episodeId(), response.instrument().id(),
                        practice(), response.episodeId(), response.instrument().id())
                .query(rs -> {
                    stored[0] = rs.getInt("stored_now") == 1;
                    if (rs.getObject("id") != null) {
                        candidates.add(map(rs, 0));
                    }
                });
        if (score.scored()) {
            candidates.add(response.stored().response());
        }
        candidates.sort(IN_ORDER);
        return new Inserted(stored[0], candidates.size() <= 1 ? List.copyOf(candidates)
                : List.of(candidates.getFirst(), candidates.getLast()));
    }

    Optional<StoredResponse> bySubmissionKey(UUID submissionKey) {
        return jdbc.sql("select " + COLUMNS + " from measure_response where practice_id = ? and submission_key = ?")
                .params(practice(), submissionKey).query(Responses::map).optional();
    }

    /** The episode a response belongs to. */
    Optional<UUID> episodeOf(UUID responseId) {
        return jdbc.sql("select episode_id from measure_response where practice_id = ? and id = ?")
                .params(practice(), responseId).query(UUID.class).optional();
    }

    /** Every response of an episode, oldest first. */
    List<StoredResponse> ofEpisode(UUID episodeId) {
        return jdbc.sql("select " + COLUMNS + " from measure_response where practice_id = ? and episode_id = ?"
                        + " order by answered_at, id")
                .params(practice(), episodeId).query(Responses::map).list();
    }

    /** The instruments the client answered in an episode, in the order first answered (answered together: by name). */
    List<String> instrumentsOf(UUID episodeId) {
        return jdbc.sql("select instrument from measure_response where practice_id = ? and episode_id = ?"
                        + " group by instrument order by min(answered_at), instrument")
                .params(practice(), episodeId).query(String.class).list();
    }

    /**
     * Of these episodes, each one's questionnaires scored in it (its {@code measure_span} rows,
     * which follow-up can be compared against) that no follow-up request asks yet, by name;
     * episodes with none left out. One statement over one row per episode and questionnaire:
     * the answers themselves, read with the same condition, took minutes on the benchmark
     * practice's 15,000 episodes in follow-up (docs/benchmarks.md).
     */
    Map<UUID, List<String>> notAskedAtFollowUp(Collection<UUID> episodeIds, String except) {
        Map<UUID, List<String>> open = new LinkedHashMap<>();
        jdbc.sql("""
                select s.episode_id, s.instrument from measure_span s
                where s.practice_id = ? and s.episode_id = any(?) and s.instrument <> ?
                  and not exists (select 1 from measure_request q where q.practice_id = s.practice_id
                                  and q.episode_id = s.episode_id and q.instrument = s.instrument
                                  and q.occasion_key = 'FOLLOW_UP')
                order by s.episode_id, s.instrument""")
                .params(practice(), episodeIds.toArray(UUID[]::new), except)
                .query(rs -> {
                    open.computeIfAbsent(rs.getObject("episode_id", UUID.class), id -> new ArrayList<>())
                            .add(rs.getString("instrument"));
                });
        return open;
    }

    /** Responses of one instrument in an episode, oldest first. */
    List<StoredResponse> ofEpisode(UUID episodeId, String instrument) {
        return jdbc.sql("select " + COLUMNS + " from measure_response where practice_id = ? and episode_id = ?"
                        + " and instrument = ? order by answered_at, id")
                .params(practice(), episodeId, instrument).query(Responses::map).list();
    }

    /**
     * The practice's ended episodes with at least two scored answers on the instrument: first and
     * last total and the sessions between them, for calibrating the expected range.
     */
    List<ExpectedRange.EndedEpisode> endedEpisodes(String instrument) {
        return jdbc.sql("""
                with scored as (
                    select r.episode_id, r.total, r.session_number,
                           row_number() over (partition by r.episode_id order by r.answered_at, r.id) as from_first,
                           row_number() over (partition by r.episode_id order by r.answered_at desc, r.id desc)
                               as from_last
                    from measure_response r
                    join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
                    where r.practice_id = ? and r.instrument = ? and r.total is not null
                      and e.state in ('ENDED', 'FOLLOW_UP'))
                select first.total as intake, last.total as last,
                       last.session_number - first.session_number as sessions
                from scored first join scored last on last.episode_id = first.episode_id
                where first.from_first = 1 and last.from_last = 1 and last.from_first > 1""")
                .params(practice(), instrument)
                .query((rs, row) -> new ExpectedRange.EndedEpisode(rs.getDouble("intake"), rs.getDouble("last"),
                        rs.getInt("sessions")))
                .list();
    }

    /** Every response of an episode with the answers as given, oldest first; a missing answer is absent. */
    Optional<MeasurementRecords.Answered> answered(UUID responseId) {
        return jdbc.sql("select " + COLUMNS + ", answers from measure_response where practice_id = ? and id = ?")
                .params(practice(), responseId)
                .query((rs, row) -> new MeasurementRecords.Answered(map(rs, row),
                        MeasureRequests.JSON.readValue(rs.getString("answers"), ANSWERS)))
                .optional();
    }

    List<MeasurementRecords.Answered> answeredOfEpisode(UUID episodeId) {
        return jdbc.sql("select " + COLUMNS + ", answers from measure_response where practice_id = ? and episode_id = ?"
                        + " order by answered_at, id")
                .params(practice(), episodeId)
                .query((rs, row) -> new MeasurementRecords.Answered(map(rs, row),
                        MeasureRequests.JSON.readValue(rs.getString("answers"), ANSWERS)))
                .list();
    }

    private static StoredResponse map(ResultSet rs, int row) throws SQLException {
        double total = rs.getDouble("total");
        Double scoredTotal = rs.wasNull() ? null : total;
        boolean caseness = rs.getBoolean("caseness");
        Boolean scoredCaseness = rs.wasNull() ? null : caseness;
        String subscaleJson = rs.getString("subscales");
        Map<String, Double> subscales = subscaleJson.equals("{}") ? Map.of()
                : MeasureRequests.JSON.readValue(subscaleJson, SUBSCALES);
        Score score = new Score(Score.Completeness.valueOf(rs.getString("completeness")), scoredTotal,
                rs.getString("band"), scoredCaseness, Score.Risk.valueOf(rs.getString("risk")), subscales, List.of());
        return new StoredResponse(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getString("instrument"), rs.getTimestamp("answered_at").toInstant(), rs.getInt("session_number"),
                StoredResponse.Source.valueOf(rs.getString("source")), score);
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
