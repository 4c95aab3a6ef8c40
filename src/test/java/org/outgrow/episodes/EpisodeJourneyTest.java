package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
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
import org.springframework.test.web.servlet.MvcResult;

/** A therapist and a client carry an episode from intake to follow-up, each doing their own part. */
@OutgrowTest
class EpisodeJourneyTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fromIntakeToFollowUp() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);

        String episode = redirect(therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf())));
        assertThat(episode).startsWith("/episodes/");
        UUID id = UUID.fromString(episode.substring("/episodes/".length()));
        assertThat(problem(therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))))
                .as("one open episode per client and therapist").isEqualTo("episode.rule.oneOpen");

        step(therapist, episode + "/state", "target", "ASSESSMENT");
        assertThat(problem(step(therapist, episode + "/state", "target", "ACTIVE")))
                .isEqualTo("episode.rule.activeNeedsAgreement");

        // The client writes a focus in their own words and confirms it; the therapist tests and agrees it.
        client.perform(post("/portal/therapy/" + id + "/foci").param("wording", "I never say no to my sister")
                .with(csrf()));
        UUID focus = onlyFocus(people, id);
        assertThat(problem(therapist.perform(post(episode + "/foci/" + focus).param("step", "agree").with(csrf()))))
                .isEqualTo("focus.rule.agreeNeedsAllTests");
        client.perform(post("/portal/therapy/" + id + "/foci/" + focus + "/answer").param("wantsChange", "true")
                .with(csrf()));
        therapist.perform(post(episode + "/foci/" + focus).param("step", "difficulty")
                .param("text", "Resentment, sleepless after every visit").with(csrf()));
        therapist.perform(post(episode + "/foci/" + focus).param("step", "judgement").param("canHelp", "true")
                .param("text", "A relational pattern we can work on").with(csrf()));
        assertThat(redirect(therapist.perform(post(episode + "/foci/" + focus).param("step", "agree").with(csrf()))))
                .isEqualTo(episode + "#focus-" + focus);

        // The agreement: a missing field keeps what was typed and says what to fix.
        MvcResult incomplete = therapist.perform(post(episode + "/agreement").param("plannedSessions", "12")
                .param("frequency", "weekly").param("reviewEverySessions", "6")
                .param("therapistCommits", "Start and end on time").param("clientCommits", "").with(csrf()));
        assertThat(incomplete.getResponse().getContentAsString()).contains("Start and end on time",
                "Write what this side commits to.");
        therapist.perform(post(episode + "/agreement").param("plannedSessions", "12").param("frequency", "weekly")
                .param("reviewEverySessions", "6").param("therapistCommits", "Start and end on time")
                .param("clientCommits", "Bring what matters this week").with(csrf()));
        String portal = client.perform(get("/portal/therapy/" + id)).getResponse().getContentAsString();
        assertThat(portal).contains("Bring what matters this week", "I have read this and agree");
        client.perform(post("/portal/therapy/" + id + "/agreement/1/acknowledgement").with(csrf()));
        assertThat(therapist.perform(get(episode)).getResponse().getContentAsString())
                .contains("Acknowledged by the client").doesNotContain("Not yet: the client acknowledges");

        step(therapist, episode + "/state", "target", "ACTIVE");
        client.perform(post("/portal/therapy/" + id + "/foci/" + focus + "/rating").param("rating", "2").with(csrf()));
        clock.advance(Duration.ofDays(42)); // weeks later, both sign in again
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/therapy/" + id + "/foci/" + focus + "/rating").param("rating", "6").with(csrf()));
        assertThat(ratingOccasions(people, focus)).containsExactly("BASELINE:2", "REVIEW:6");

        // Renegotiating needs a reason and keeps the history.
        assertThat(problem(therapist.perform(post(episode + "/agreement").param("plannedSessions", "16")
                .param("frequency", "weekly").param("reviewEverySessions", "6").param("therapistCommits", "a")
                .param("clientCommits", "b").with(csrf())))).isEqualTo("agreement.rule.reasonNeeded");
        therapist.perform(post(episode + "/agreement").param("plannedSessions", "16").param("frequency", "weekly")
                .param("reviewEverySessions", "6").param("therapistCommits", "a").param("clientCommits", "b")
                .param("reason", "Four more sessions to consolidate").with(csrf()));
        assertThat(therapist.perform(get(episode)).getResponse().getContentAsString()).contains("Version 2",
                "Four more sessions to consolidate", "Earlier versions");

        // The ending phase: the client writes what they carry forward; the therapist ends it.
        LocalDate lastSession = LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin")).plusWeeks(3);
        therapist.perform(post(episode + "/state").param("target", "ENDING").param("endingDate", lastSession.toString())
                .with(csrf()));
        client.perform(post("/portal/therapy/" + id + "/carry-forward")
                .param("plan", "Say no once a week and notice what happens").with(csrf()));
        assertThat(therapist.perform(get(episode)).getResponse().getContentAsString())
                .contains("Say no once a week and notice what happens");
        therapist.perform(post(episode + "/state").param("target", "ENDED").param("endingKind", "PLANNED")
                .param("stateAtEnding", "IMPROVED").with(csrf()));
        assertThat(problem(step(therapist, episode + "/state", "target", "FOLLOW_UP")))
                .isEqualTo("episode.rule.followUpNotDue");
        clock.advance(Duration.ofDays(93));
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        step(therapist, episode + "/state", "target", "FOLLOW_UP");
        assertThat(state(people, id)).isEqualTo("FOLLOW_UP");

        List<String> audited = practices.inPractice(people, () ->
                jdbc.sql("select distinct action from audit_event where subject_client_id = ?")
                        .param(people.client()).query(String.class).list());
        assertThat(audited).contains("EPISODE_OPENED", "FOCUS_PROPOSED", "FOCUS_CLIENT_ANSWERED", "FOCUS_AGREE",
                "AGREEMENT_VERSION_1", "AGREEMENT_ACKNOWLEDGED", "GOAL_RATED", "EPISODE_ACTIVE", "EPISODE_ENDING",
                "CARRY_FORWARD_WRITTEN", "EPISODE_ENDED", "EPISODE_FOLLOW_UP", "EPISODE_VIEWED");
    }

    @Test
    void nobodyElseReachesTheEpisode() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = redirect(therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf())));
        UUID id = UUID.fromString(episode.substring("/episodes/".length()));

        Visitor otherTherapist = Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD);
        assertThat(otherTherapist.perform(get(episode)).getResponse().getStatus()).isEqualTo(404);
        assertThat(otherTherapist.perform(post(episode + "/foci").param("wording", "x").with(csrf()))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(otherTherapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getStatus()).as("not their client").isEqualTo(404);

        var elsewhere = practices.create();
        Visitor otherClient = Visitor.signedIn(mvc, elsewhere.clientEmail(), TestPractice.PASSWORD);
        assertThat(otherClient.perform(get("/portal/therapy/" + id)).getResponse().getStatus()).isEqualTo(404);
        assertThat(otherClient.perform(post("/portal/therapy/" + id + "/foci").param("wording", "x").with(csrf()))
                .getResponse().getStatus()).isEqualTo(404);
        Integer foci = practices.inPractice(people, () ->
                jdbc.sql("select count(*) from change_focus where episode_id = ?").param(id).query(Integer.class)
                        .single());
        assertThat(foci).isZero();
    }

    private MvcResult step(Visitor visitor, String path, String name, String value) throws Exception {
        return visitor.perform(post(path).param(name, value).with(csrf()));
    }

    private static String redirect(MvcResult result) {
        return result.getResponse().getRedirectedUrl();
    }

    private static String problem(MvcResult result) {
        return (String) result.getFlashMap().get("problem");
    }

    private UUID onlyFocus(TestPractice.People people, UUID episode) {
        return practices.inPractice(people, () ->
                jdbc.sql("select id from change_focus where episode_id = ?").param(episode).query(UUID.class)
                        .single());
    }

    private List<String> ratingOccasions(TestPractice.People people, UUID focus) {
        return practices.inPractice(people, () ->
                jdbc.sql("select occasion || ':' || rating from goal_rating where focus_id = ? order by rated_at")
                        .param(focus).query(String.class).list());
    }

    private String state(TestPractice.People people, UUID episode) {
        return practices.inPractice(people, () ->
                jdbc.sql("select state from episode where id = ?").param(episode).query(String.class).single());
    }
}
