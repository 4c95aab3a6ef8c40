package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.shared.Ids;
import org.outgrow.testing.AtOnce;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The round through the schedules: asks once per moment, links and reminds once, expires, flags overdue. */
@OutgrowTest
class RequestRoundsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RequestRounds rounds;

    @Autowired
    Practices allPractices;

    @Test
    void aScheduleAsksOncePerPeriodRemindsOnceAndFlagsWhatIsOverdue() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/state").param("target", "ASSESSMENT").with(csrf()));
        var scheduled = therapist.perform(post(episode + "/measures/schedules").param("instrument", "phq-9")
                .param("occasion", "EVERY_N_DAYS").param("everyDays", "7").with(csrf()));
        assertThat(scheduled.getFlashMap().get("notice")).isEqualTo("measures.scheduled");
        Practice practice = practices.inPractice(people, () -> allPractices.find(people.practice()).orElseThrow());

        rounds.run(practice);
        rounds.run(practice);
        assertThat(count(people, "select count(*) from measure_request where state = 'OPEN'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from mail_outbox where subject like 'A short questionnaire%'"))
                .isEqualTo(1);

        clock.advance(Duration.ofDays(2).plusHours(1));
        rounds.run(practice);
        rounds.run(practice);
        assertThat(count(people, "select count(*) from mail_outbox where subject like 'A reminder%'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from alert")).isZero();

        clock.advance(Duration.ofDays(1));
        rounds.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'OVERDUE' and state = 'OPEN'"))
                .isEqualTo(1);

        // Resolved, it stays resolved while the request is still open and overdue.
        UUID alert = practices.inPractice(people, () -> jdbc.sql("select id from alert where kind = 'OVERDUE'")
                .query(UUID.class).single());
        var resolved = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD) // days have passed
                .perform(post("/alerts/" + alert + "/resolution")
                .param("resolution", "Spoke with the client; they will answer before the session.").with(csrf()));
        assertThat(resolved.getFlashMap().get("notice")).isEqualTo("alerts.resolved");
        clock.advance(Duration.ofMinutes(10));
        rounds.run(practice);
        rounds.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'OVERDUE'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from alert where state = 'OPEN'")).isZero();

        clock.advance(Duration.ofDays(4));
        rounds.run(practice);
        assertThat(count(people, "select count(*) from measure_request where state = 'EXPIRED'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from measure_request where state = 'OPEN'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from measure_request where token_hash is not null")).isEqualTo(1);
    }

    /**
     * The round runs with no one's browser to ask: a link is written in the language the client
     * last signed in with, and in their therapist's until the client has signed in with one.
     */
    @Test
    void linksAreInTheClientsLanguageOrElseInTheirTherapists() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD, "de");
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD, "en")
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/state").param("target", "ASSESSMENT").with(csrf()));
        therapist.perform(post(episode + "/measures/schedules").param("instrument", "phq-9")
                .param("occasion", "EVERY_N_DAYS").param("everyDays", "7").with(csrf()));
        Practice practice = practices.inPractice(people, () -> allPractices.find(people.practice()).orElseThrow());

        rounds.run(practice);
        assertThat(count(people, "select count(*) from mail_outbox where subject = 'A short questionnaire from your"
                + " therapist'")).as("the client's English over the therapist's German").isEqualTo(1);

        practices.inPractice(people, () -> jdbc.sql("update account set language = null where email = ?")
                .param(people.clientEmail()).update());
        clock.advance(Duration.ofDays(2).plusHours(1));
        rounds.run(practice);
        assertThat(count(people, "select count(*) from mail_outbox where subject = 'Eine Erinnerung: Ihr Fragebogen'"))
                .as("no language kept for the client: the therapist's").isEqualTo(1);
    }

    /** Two nodes running each round at the same moment: one request, one link, one reminder, one alert. */
    @Test
    void twoNodesRunningTheRoundAtOnceAskLinkRemindAndAlertOnce() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/state").param("target", "ASSESSMENT").with(csrf()));
        for (String instrument : new String[] {"phq-9", "gad-7"}) {
            var scheduled = therapist.perform(post(episode + "/measures/schedules").param("instrument", instrument)
                    .param("occasion", "EVERY_N_DAYS").param("everyDays", "7").with(csrf()));
            assertThat(scheduled.getFlashMap().get("notice")).isEqualTo("measures.scheduled");
        }
        Practice practice = practices.inPractice(people, () -> allPractices.find(people.practice()).orElseThrow());

        AtOnce.onTwoNodes(() -> rounds.run(practice));
        assertThat(count(people, "select count(*) from measure_request where state = 'OPEN'")).isEqualTo(2);
        assertThat(count(people, "select count(*) from mail_outbox where subject like 'A short questionnaire%'"))
                .as("one link per request").isEqualTo(2);

        clock.advance(Duration.ofDays(2).plusHours(1));
        AtOnce.onTwoNodes(() -> rounds.run(practice));
        assertThat(count(people, "select count(*) from mail_outbox where subject like 'A reminder%'"))
                .as("one reminder per request").isEqualTo(2);

        clock.advance(Duration.ofDays(1));
        AtOnce.onTwoNodes(() -> rounds.run(practice));
        assertThat(count(people, "select count(*) from alert where kind = 'OVERDUE'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from audit_event where action = 'ALERT_OPENED_OVERDUE'"))
                .isEqualTo(1);
    }

    /**
     * Follow-up asks every questionnaire scored in the episode but session feedback, once: what a
     * follow-up schedule asked already is not asked again, a client without consent is asked
     * nothing until they give it, and a later round finds nothing left to ask.
     */
    @Test
    void followUpAsksEachQuestionnaireAnsweredOnceWhateverAskedItFirst() {
        var people = practices.create();
        UUID both = followUpEpisode(people, true, "phq-9", "gad-7", AlertRules.SESSION_FEEDBACK);
        UUID scheduled = followUpEpisode(people, true, "phq-9", "gad-7");
        UUID withoutConsent = followUpEpisode(people, false, "phq-9");
        practices.inPractice(people, () -> jdbc.sql("""
                insert into measure_request (practice_id, id, episode_id, client_id, instrument, occasion,
                    occasion_key, state, created_at, due_at, expires_at)
                select practice_id, ?, id, client_id, 'phq-9', 'FOLLOW_UP', 'FOLLOW_UP', 'OPEN', now(), now(),
                    now() + interval '14 days'
                from episode where id = ?""").params(Ids.next(), scheduled).update());
        Practice round = practices.inPractice(people, () -> allPractices.find(people.practice()).orElseThrow());

        rounds.run(round);
        rounds.run(round);
        String asked = "select coalesce(string_agg(instrument, ',' order by instrument), '') from measure_request"
                + " where episode_id = ? and occasion_key = 'FOLLOW_UP'";
        assertThat(practices.inPractice(people, () -> jdbc.sql(asked).param(both).query(String.class).single()))
                .isEqualTo("gad-7,phq-9");
        assertThat(practices.inPractice(people, () -> jdbc.sql(asked).param(scheduled).query(String.class).single()))
                .as("the schedule's PHQ-9 and the round's GAD-7").isEqualTo("gad-7,phq-9");
        assertThat(practices.inPractice(people, () -> jdbc.sql(asked).param(withoutConsent).query(String.class)
                .single())).isEmpty();

        practices.inPractice(people, () -> jdbc.sql("insert into measurement_consent (practice_id, id, client_id,"
                        + " given, recorded_at) select practice_id, ?, client_id, true, now() from episode where id = ?")
                .params(Ids.next(), withoutConsent).update());
        rounds.run(round);
        assertThat(practices.inPractice(people, () -> jdbc.sql(asked).param(withoutConsent).query(String.class)
                .single())).isEqualTo("phq-9");
        assertThat(count(people, "select count(*) from measure_request where occasion_key = 'FOLLOW_UP'"))
                .isEqualTo(5);
    }

    /** An ended episode in follow-up whose client answered these questionnaires once each. */
    private UUID followUpEpisode(TestPractice.People people, boolean consent, String... instruments) {
        UUID practice = people.practice().value();
        UUID client = Ids.next();
        UUID episode = Ids.next();
        Timestamp opened = Timestamp.from(clock.instant().minus(Duration.ofDays(200)));
        Timestamp ended = Timestamp.from(clock.instant().minus(Duration.ofDays(95)));
        return practices.inPractice(people, () -> {
            jdbc.sql("insert into client (practice_id, id, display_name, therapist_id, created_at)"
                    + " values (?, ?, 'In follow-up', ?, ?)").params(practice, client, people.therapist(), opened).update();
            if (consent) {
                jdbc.sql("insert into measurement_consent (practice_id, id, client_id, given, recorded_at)"
                        + " values (?, ?, ?, true, ?)").params(practice, Ids.next(), client, opened).update();
            }
            jdbc.sql("insert into episode (practice_id, id, client_id, therapist_id, state, opened_at, ended_at,"
                            + " ending_kind, follow_up_due) values (?, ?, ?, ?, 'FOLLOW_UP', ?, ?, 'PLANNED', ?)")
                    .params(practice, episode, client, people.therapist(), opened, ended,
                            java.sql.Date.valueOf(java.time.LocalDate.ofInstant(ended.toInstant(),
                                    java.time.ZoneOffset.UTC).plusMonths(3)))
                    .update();
            for (String instrument : instruments) {
                jdbc.sql("""
                        insert into measure_response (practice_id, id, episode_id, client_id, submission_key,
                            instrument, instrument_version, answers, answered_at, session_number, source,
                            completeness, total, band, caseness, risk)
                        values (?, ?, ?, ?, ?, ?, 1, '{}', ?, 0, 'PORTAL', 'COMPLETE', 5, null, false,
                            'NOT_APPLICABLE')""")
                        .params(practice, Ids.next(), episode, client, Ids.next(), instrument, ended).update();
            }
            return episode;
        });
    }

    private int count(TestPractice.People people, String sql) {
        return practices.inPractice(people, () -> jdbc.sql(sql).query(Integer.class).single());
    }
}
