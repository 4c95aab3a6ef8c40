package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Review points and drift follow the agreement and the attended sessions; a review records a decision. */
@OutgrowTest
class ReviewsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aReviewFallsDueAndDriftShowsUntilTheTherapistReviews() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID id = UUID.fromString(episode.substring("/episodes/".length()));
        therapist.perform(post(episode + "/state").param("target", "ASSESSMENT").with(csrf()));
        client.perform(post("/portal/therapy/" + id + "/foci").param("wording", "Sleep again").with(csrf()));
        UUID focus = practices.inPractice(people, () ->
                jdbc.sql("select id from change_focus where episode_id = ?").param(id).query(UUID.class).single());
        client.perform(post("/portal/therapy/" + id + "/foci/" + focus + "/answer").param("wantsChange", "true")
                .with(csrf()));
        therapist.perform(post(episode + "/foci/" + focus).param("step", "difficulty").param("text", "Exhausted")
                .with(csrf()));
        therapist.perform(post(episode + "/foci/" + focus).param("step", "judgement").param("canHelp", "true")
                .param("text", "Works well").with(csrf()));
        therapist.perform(post(episode + "/foci/" + focus).param("step", "agree").with(csrf()));
        therapist.perform(post(episode + "/agreement").param("plannedSessions", "2").param("frequency", "weekly")
                .param("reviewEverySessions", "2").param("therapistCommits", "a").param("clientCommits", "b")
                .with(csrf()));
        assertThat(problemOf(therapist.perform(post(episode + "/reviews").param("decision", "CONTINUE").with(csrf()))
                .getFlashMap())).as("no review before the work begins").isEqualTo("review.rule.duringTheWork");
        therapist.perform(post(episode + "/state").param("target", "ACTIVE").with(csrf()));

        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(1);
        for (int week = 0; week < 3; week++) {
            therapist.perform(post(episode + "/sessions").param("date", day.plusWeeks(week).toString())
                    .param("time", "09:00").param("minutes", "50").with(csrf()));
        }
        clock.advance(Duration.ofDays(22));
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        for (UUID appointment : appointments(people)) {
            therapist.perform(post(episode + "/sessions/" + appointment + "/attendance").param("outcome", "ATTENDED")
                    .with(csrf()));
        }
        String page = therapist.perform(get(episode)).getResponse().getContentAsString();
        assertThat(page).contains("A review is due", "Drift: the work has gone past the 2 agreed sessions",
                "3 of 2 planned sessions attended");

        assertThat(page).doesNotContain("No session has been attended for 28 days");
        clock.advance(Duration.ofDays(29));
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(get(episode)).getResponse().getContentAsString())
                .contains("No session has been attended for 28 days");

        therapist.perform(post(episode + "/reviews").param("decision", "REVISE_AGREEMENT")
                .param("note", "Four more sessions").with(csrf()));
        page = therapist.perform(get(episode)).getResponse().getContentAsString();
        assertThat(page).doesNotContain("A review is due", "Drift: the work")
                .contains("Revise the agreement", "after 3 sessions", "Four more sessions");
    }

    private static Object problemOf(java.util.Map<String, ?> flash) {
        return flash.get("problem");
    }

    private List<UUID> appointments(TestPractice.People people) {
        return practices.inPractice(people, () ->
                jdbc.sql("select id from appointment order by starts_at").query(UUID.class).list());
    }
}
