package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
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
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The practice's episode rules at work: sessions without reliable change show on the episode page
 * and open a drift alert; a review keeps what the measures said; follow-up asks again.
 */
@OutgrowTest
class DriftAndFollowUpTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DriftWatch drift;

    @Autowired
    RequestRounds rounds;

    @Autowired
    Practices allPractices;

    @Test
    void manySessionsWithoutReliableChangeAreDriftAndAReviewKeepsWhatTheMeasuresSaid() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        MvcResult refused = admin.perform(post("/admin/episode-rules").param("followUpMonths", "0")
                .param("quietWeeks", "4").param("sessionsWithoutChange", "4").with(csrf()));
        assertThat(refused.getResponse().getContentAsString()).contains("Give a number of months from 1 to 24.")
                .contains("value=\"0\"");
        admin.perform(post("/admin/episode-rules").param("followUpMonths", "6").param("quietWeeks", "4")
                .param("sessionsWithoutChange", "4").with(csrf()));
        assertThat(admin.perform(get("/admin/episode-rules")).getResponse().getContentAsString())
                .contains("value=\"6\"");

        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        for (int each : new int[] {2, 2}) {
            therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").with(csrf()));
            UUID request = practices.inPractice(people, () -> jdbc.sql(
                    "select id from measure_request where episode_id = ? and state = 'OPEN'").param(episodeId)
                    .query(UUID.class).single());
            client.perform(phq9(post("/portal/questionnaires/" + request), each));
        }
        practices.inPractice(people, () -> {
            jdbc.sql("update episode set state = 'ACTIVE' where id = ?").param(episodeId).update();
            for (int week = 5; week >= 1; week--) {
                attendedAt(people, episodeId, clock.instant().minus(Duration.ofDays(7L * week)));
            }
            return null;
        });

        assertThat(therapist.perform(get(episode)).getResponse().getContentAsString())
                .contains("5 sessions attended and no questionnaire shows reliable improvement");
        Practice practice = practices.inPractice(people, () -> allPractices.find(people.practice()).orElseThrow());
        // Two nodes watching at the same moment, then again: still one alert, audited once.
        AtOnce.onTwoNodes(() -> drift.run(practice));
        drift.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'DRIFT' and state = 'OPEN'")).isEqualTo(1);
        assertThat(count(people, "select count(*) from audit_event where action = 'ALERT_OPENED_DRIFT'"))
                .isEqualTo(1);

        // Resolved, it stays resolved until the practice's number of sessions (4) is attended again.
        UUID alert = practices.inPractice(people, () -> jdbc.sql("select id from alert where kind = 'DRIFT'")
                .query(UUID.class).single());
        therapist.perform(post("/alerts/" + alert + "/resolution").param("resolution", "Agreed to keep going for now.")
                .with(csrf()));
        clock.advance(Duration.ofHours(1));
        drift.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'DRIFT'")).as("not again").isEqualTo(1);
        assertThat(count(people, "select count(*) from alert where kind = 'DRIFT' and state = 'OPEN'")).isZero();
        attend(people, episodeId, 3);
        drift.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'DRIFT'")).as("three sessions on").isEqualTo(1);
        attend(people, episodeId, 1);
        drift.run(practice);
        assertThat(count(people, "select count(*) from alert where kind = 'DRIFT' and state = 'OPEN'"))
                .as("four sessions on, still no reliable change").isEqualTo(1);
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD); // hours have passed
        client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);

        therapist.perform(post(episode + "/reviews").param("decision", "CONTINUE").param("note", "Talked it through")
                .with(csrf()));
        therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").with(csrf()));
        UUID later = practices.inPractice(people, () -> jdbc.sql(
                "select id from measure_request where episode_id = ? and state = 'OPEN'").param(episodeId)
                .query(UUID.class).single());
        client.perform(phq9(post("/portal/questionnaires/" + later), 0));
        String page = therapist.perform(get(episode)).getResponse().getContentAsString();
        assertThat(page).as("now").contains("PHQ-9: Patient Health Questionnaire (depression): 18 → 0")
                .doesNotContain("no questionnaire shows reliable improvement");
        assertThat(page).as("as it was at the review")
                .contains("PHQ-9: Patient Health Questionnaire (depression): 18 → 18").contains("(no reliable change)");

        java.time.LocalDate today = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin"));
        practices.inPractice(people, () -> jdbc.sql("update episode set state = 'ENDING', ending_date = ? where id = ?")
                .params(java.sql.Date.valueOf(today), episodeId).update());
        therapist.perform(post(episode + "/state").param("target", "ENDED").param("endingKind", "PLANNED")
                .param("stateAtEnding", "IMPROVED").with(csrf()));
        assertThat(practices.inPractice(people, () -> jdbc.sql("select follow_up_due from episode where id = ?")
                .param(episodeId).query(java.time.LocalDate.class).single()))
                .as("the practice's six months, not the default three").isEqualTo(today.plusMonths(6));

        practices.inPractice(people, () -> jdbc.sql("update episode set state = 'FOLLOW_UP' where id = ?")
                .param(episodeId).update());
        rounds.run(practice);
        rounds.run(practice);
        assertThat(count(people, "select count(*) from measure_request where occasion = 'FOLLOW_UP'"
                + " and instrument = 'phq-9' and state = 'OPEN'")).isEqualTo(1);
    }

    /** Sessions attended an hour apart from now on; the clock moves past them. */
    private void attend(TestPractice.People people, UUID episodeId, int sessions) {
        practices.inPractice(people, () -> {
            for (int i = 0; i < sessions; i++) {
                clock.advance(Duration.ofHours(1));
                attendedAt(people, episodeId, clock.instant());
            }
            return null;
        });
        clock.advance(Duration.ofHours(1));
    }

    /** An attended session at that moment; the caller is in the practice. */
    private void attendedAt(TestPractice.People people, UUID episodeId, java.time.Instant at) {
        Timestamp time = Timestamp.from(at);
        jdbc.sql("""
                insert into appointment (practice_id, id, episode_id, starts_at, minutes, attendance,
                    recorded_at, created_at)
                values (?, ?, ?, ?, 50, 'ATTENDED', ?, ?)""")
                .params(people.practice().value(), Ids.next(), episodeId, time, time, time).update();
    }

    private static MockHttpServletRequestBuilder phq9(MockHttpServletRequestBuilder request, int each) {
        for (int item = 1; item <= 9; item++) {
            request.param("item.phq9_" + item, Integer.toString(each));
        }
        return request.param("submissionKey", Ids.next().toString()).with(csrf());
    }

    private int count(TestPractice.People people, String sql) {
        return practices.inPractice(people, () -> jdbc.sql(sql).query(Integer.class).single());
    }
}
