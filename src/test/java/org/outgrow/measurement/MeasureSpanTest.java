package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first and last scored answer of each episode and questionnaire up to its ending, which the
 * database keeps for the outcome report (migration V199), always equal what the answers
 * themselves say: after the demo practice's history (one answer at a time, follow-up answers after
 * endings), after a bulk insert of many answers in one statement, and after an ending moves.
 */
@OutgrowTest
@ActiveProfiles("demo")
class MeasureSpanTest {

    /** The spans computed from the answers, as the report computed them before they were kept. */
    private static final String FROM_THE_ANSWERS = """
            select episode_id || ' ' || instrument || ' ' || first_id || ' ' || first_total || ' '
                || coalesce(first_caseness::text, '-') || ' ' || last_id || ' ' || last_total || ' '
                || coalesce(last_caseness::text, '-') || ' ' || scored from (
                select r.episode_id, r.instrument, first_value(r.id) over span as first_id,
                    first_value(r.total) over span as first_total, first_value(r.caseness) over span as first_caseness,
                    last_value(r.id) over span as last_id, last_value(r.total) over span as last_total,
                    last_value(r.caseness) over span as last_caseness, count(*) over span as scored,
                    row_number() over span as nth
                from measure_response r join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
                where r.total is not null and (e.ended_at is null or r.answered_at <= e.ended_at)
                window span as (partition by r.episode_id, r.instrument order by r.answered_at, r.id
                                rows between unbounded preceding and unbounded following)) computed
            where nth = 1 order by 1""";

    private static final String KEPT = """
            select episode_id || ' ' || instrument || ' ' || first_id || ' ' || first_total || ' '
                || coalesce(first_caseness::text, '-') || ' ' || last_id || ' ' || last_total || ' '
                || coalesce(last_caseness::text, '-') || ' ' || scored
            from measure_span order by 1""";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theKeptSpansAreAlwaysWhatTheAnswersSay() {
        PracticeId demo = PracticeId.of(jdbc.sql("select id from practice where slug = 'demo'").query(UUID.class)
                .single().toString());
        List<String> afterTheDemo = inDemo(demo, () -> assertKeptAsComputed("the demo's history"));
        assertThat(afterTheDemo).hasSizeGreaterThan(10);
        // Follow-up answers, four weeks after each ending: not part of the spans.
        inDemo(demo, () -> jdbc.sql("""
                insert into measure_response (practice_id, id, episode_id, client_id, submission_key, instrument,
                    instrument_version, answers, answered_at, session_number, source, completeness, total, band,
                    caseness, risk, subscales)
                select r.practice_id, gen_random_uuid(), r.episode_id, r.client_id, gen_random_uuid(), r.instrument,
                    r.instrument_version, r.answers, e.ended_at + interval '4 weeks', r.session_number, 'PORTAL',
                    r.completeness, r.total + 5, r.band, r.caseness, r.risk, r.subscales
                from measure_response r join episode e on e.id = r.episode_id
                where e.ended_at is not null and r.total is not null""").update());
        assertThat(inDemo(demo, () -> jdbc.sql("""
                select count(*) from measure_response r join episode e on e.id = r.episode_id
                where e.ended_at is not null and r.answered_at > e.ended_at and r.total is not null""")
                .query(Long.class).single())).as("follow-up answers").isPositive();
        assertThat(inDemo(demo, () -> assertKeptAsComputed("follow-up answers"))).isEqualTo(afterTheDemo);

        // Many answers in one statement, as a bulk import stores them: a copy of every scored answer, a year earlier.
        inDemo(demo, () -> jdbc.sql("""
                insert into measure_response (practice_id, id, episode_id, client_id, submission_key, instrument,
                    instrument_version, answers, answered_at, session_number, source, completeness, total, band,
                    caseness, risk, subscales)
                select practice_id, gen_random_uuid(), episode_id, client_id, gen_random_uuid(), instrument,
                    instrument_version, answers, answered_at - interval '1 year', session_number, 'IMPORT',
                    completeness, total - 1, band, not caseness, risk, subscales
                from measure_response where total is not null""").update());
        List<String> afterTheImport = inDemo(demo, () -> assertKeptAsComputed("a bulk insert"));
        assertThat(afterTheImport).isNotEqualTo(afterTheDemo);

        // An ending moved back to before the episode's last answers.
        inDemo(demo, () -> jdbc.sql("""
                update episode set ended_at = ended_at - interval '3 weeks'
                where id = (select e.id from episode e join measure_response r on r.episode_id = e.id
                            where e.ended_at is not null group by e.id order by count(*) desc limit 1)""").update());
        assertThat(inDemo(demo, () -> assertKeptAsComputed("an ending moved"))).isNotEqualTo(afterTheImport);
    }

    private List<String> assertKeptAsComputed(String after) {
        List<String> computed = jdbc.sql(FROM_THE_ANSWERS).query(String.class).list();
        assertThat(jdbc.sql(KEPT).query(String.class).list()).as("kept spans after " + after).isEqualTo(computed);
        return computed;
    }

    private <T> T inDemo(PracticeId demo, java.util.function.Supplier<T> work) {
        return Tenancy.call(Tenancy.Context.of(demo), () -> transactions.execute(status -> work.get()));
    }
}
