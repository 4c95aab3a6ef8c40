package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
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

        clock.advance(Duration.ofDays(4));
        rounds.run(practice);
        assertThat(count(people, "select count(*) from measure_request where state = 'EXPIRED'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from measure_request where state = 'OPEN'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from measure_request where token_hash is not null")).isEqualTo(1);
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

    private int count(TestPractice.People people, String sql) {
        return practices.inPractice(people, () -> jdbc.sql(sql).query(Integer.class).single());
    }
}
