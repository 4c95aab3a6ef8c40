package org.outgrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.LocalDate;
import java.time.ZoneId;
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

/** A case brought with a question reaches only its supervisor, de-identified; supervision comes back to the therapist. */
@OutgrowTest
class SupervisionTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theSupervisorSeesOnlyWhatWasBroughtAndTheTherapistReadsWhatWasAgreed() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/therapy/" + episode.substring("/episodes/".length()) + "/foci")
                .param("wording", "Cleo wants to stop apologising to her sister").with(csrf()));

        MvcResult noQuestion = therapist.perform(post(episode + "/supervision").param("supervisor",
                people.supervisor().toString()).param("question", " ").with(csrf()));
        assertThat(noQuestion.getFlashMap().get("problem")).isEqualTo("supervision.rule.question");
        therapist.perform(post(episode + "/dynamics").param("on", LocalDate.ofInstant(clock.instant(),
                ZoneId.of("Europe/Berlin")).toString()).param("tags", "URGE_TO_RESCUE").with(csrf()));
        therapist.perform(post(episode + "/supervision").param("supervisor", people.supervisor().toString())
                .param("question", "I keep rescuing Cleo in sessions. How do I step back?")
                .param("withDynamics", "true").with(csrf()));

        Visitor supervisor = Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD);
        String queue = supervisor.perform(get("/supervision")).getResponse().getContentAsString();
        assertThat(queue).contains("From Theo Therapist").contains("I keep rescuing [client] in sessions");
        UUID request = practices.inPractice(people, () -> jdbc.sql("select id from supervision_request")
                .query(UUID.class).single());
        String brought = supervisor.perform(get("/supervision/" + request)).getResponse().getContentAsString();
        assertThat(brought).contains("Stage: Intake").contains("Urge to rescue or fix, in 1 sessions")
                .doesNotContain("Cleo").doesNotContain(people.clientEmail());
        assertThat(supervisor.perform(get(episode)).getResponse().getStatus()).as("the episode itself").isEqualTo(403);

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        MvcResult future = supervisor.perform(post("/supervision/" + request + "/records")
                .param("on", today.plusDays(1).toString()).param("actions", "Name the pattern together")
                .with(csrf()));
        assertThat(future.getFlashMap().get("problem")).isEqualTo("supervision.rule.date");
        assertThat(future.getFlashMap().get("actions")).as("kept as typed").isEqualTo("Name the pattern together");
        supervisor.perform(post("/supervision/" + request + "/records").param("on", today.toString())
                .param("discussion", "Rescuing as a response to her helplessness").param("actions",
                        "Name the pattern together; bring back in a month").with(csrf()));

        String back = therapist.perform(get(episode + "/supervision")).getResponse().getContentAsString();
        assertThat(back).contains("To Sue Supervisor").contains("Name the pattern together; bring back in a month");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('CASE_BROUGHT_TO_SUPERVISION', 'SUPERVISION_RECORDED')").query(Integer.class).single()))
                .isEqualTo(2);
    }

    @Test
    void eachReviewHeldWhileNotOnTrackIsBroughtAndSignedOffOnceByTheSupervisorItWasBroughtTo() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        practices.inPractice(people, () -> {
            jdbc.sql("update episode set state = 'ACTIVE' where id = ?").param(episodeId).update();
            phq9(people, episodeId, 0, 20);
            return null;
        });
        therapist.perform(post(episode + "/reviews").param("decision", "CONTINUE").param("note", "Cleo settling in")
                .with(csrf()));
        practices.inPractice(people, () -> phq9(people, episodeId, 8, 20));
        therapist.perform(post(episode + "/reviews").param("decision", "REVISE_AGREEMENT")
                .param("note", "Cleo is not moving; we look again at the focus").with(csrf()));

        therapist.perform(post(episode + "/supervision").param("supervisor", people.supervisor().toString())
                .param("question", "Nothing moves. What am I missing?").with(csrf()));
        Visitor supervisor = Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD);
        UUID request = practices.inPractice(people, () -> jdbc.sql("select id from supervision_request")
                .query(UUID.class).single());
        assertThat(supervisor.perform(get("/supervision")).getResponse().getContentAsString())
                .contains("reviews to sign off: 1");
        String brought = supervisor.perform(get("/supervision/" + request)).getResponse().getContentAsString();
        assertThat(brought).as("only the review held while not on track, de-identified")
                .contains("Review after 0 sessions: Revise the agreement.")
                .contains("not on track").contains("[client] is not moving").doesNotContain("settling in")
                .doesNotContain("Cleo");
        UUID review = practices.inPractice(people, () -> jdbc.sql("select id from supervision_review")
                .query(UUID.class).single());

        Visitor otherSupervisor = Visitor.signedIn(mvc, practices.anotherSupervisor(people),
                TestPractice.PASSWORD);
        assertThat(otherSupervisor.perform(post("/supervision/" + request + "/reviews/" + review + "/sign-off")
                .with(csrf())).getResponse().getStatus()).as("not brought to them").isEqualTo(404);
        MvcResult tooLong = supervisor.perform(post("/supervision/" + request + "/reviews/" + review + "/sign-off")
                .param("comment", "x".repeat(4001)).with(csrf()));
        assertThat(tooLong.getFlashMap().get("problem")).isEqualTo("supervision.rule.comment");
        supervisor.perform(post("/supervision/" + request + "/reviews/" + review + "/sign-off")
                .param("comment", "Agreed: revisit the focus with the client first").with(csrf()));
        MvcResult again = supervisor.perform(post("/supervision/" + request + "/reviews/" + review + "/sign-off")
                .param("comment", "changed my mind").with(csrf()));
        assertThat(again.getFlashMap().get("problem")).isEqualTo("supervision.rule.signedOffAlready");

        assertThat(therapist.perform(get(episode + "/supervision")).getResponse().getContentAsString())
                .contains("Signed off by Sue Supervisor on").contains("Agreed: revisit the focus with the client first");
        therapist.perform(post(episode + "/supervision").param("supervisor", people.supervisor().toString())
                .param("question", "A month on: still stuck").with(csrf()));
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from supervision_review")
                .query(Integer.class).single())).as("a signed-off review is not brought again").isEqualTo(1);
        assertThat(practices.inPractice(people, () -> jdbc.sql(
                "select count(*) from audit_event where action = 'REVIEW_SIGNED_OFF'").query(Integer.class).single()))
                .isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> practices.inPractice(people, () -> jdbc.sql(
                "update supervision_review set comment = 'rewritten'").update()))
                .as("a sign-off is final in the database too").hasMessageContaining("final");
    }

    @Test
    void aWithdrawnCaseIsGoneFromTheSupervisorsNextRequestAndWhatWasAgreedStaysWithTheEpisode() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(post(episode + "/supervision").param("supervisor", people.supervisor().toString())
                .param("question", "Should I refer on?").with(csrf()));
        UUID request = practices.inPractice(people, () -> jdbc.sql("select id from supervision_request")
                .query(UUID.class).single());
        Visitor supervisor = Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        supervisor.perform(post("/supervision/" + request + "/records").param("on", today.toString())
                .param("actions", "Ask the client what they want first").with(csrf()));
        assertThat(supervisor.perform(get("/supervision/" + request)).getResponse().getStatus()).isEqualTo(200);

        Visitor otherTherapist = Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD);
        assertThat(otherTherapist.perform(post(episode + "/supervision/" + request + "/withdraw").with(csrf()))
                .getResponse().getStatus()).as("not their episode").isEqualTo(404);
        assertThat(therapist.perform(post(episode + "/supervision/" + UUID.randomUUID() + "/withdraw").with(csrf()))
                .getResponse().getStatus()).as("not brought from this episode").isEqualTo(404);
        MvcResult withdrawn = therapist.perform(post(episode + "/supervision/" + request + "/withdraw").with(csrf()));
        assertThat(withdrawn.getFlashMap().get("notice")).isEqualTo("supervision.withdrawn");

        assertThat(supervisor.perform(get("/supervision/" + request)).getResponse().getStatus())
                .as("the same live session, at its next request").isEqualTo(404);
        assertThat(supervisor.perform(get("/supervision")).getResponse().getContentAsString())
                .doesNotContain("Should I refer on?");
        assertThat(supervisor.perform(post("/supervision/" + request + "/records").param("on", today.toString())
                .param("actions", "More").with(csrf())).getResponse().getStatus()).isEqualTo(404);
        assertThat(therapist.perform(get(episode + "/supervision")).getResponse().getContentAsString())
                .contains("Withdrawn from supervision on " + today).contains("Ask the client what they want first");
        MvcResult again = therapist.perform(post(episode + "/supervision/" + request + "/withdraw").with(csrf()));
        assertThat(again.getFlashMap().get("problem")).isEqualTo("supervision.rule.withdrawnAlready");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action ="
                + " 'SUPERVISION_WITHDRAWN' and subject_client_id = ?").params(people.client())
                .query(Integer.class).single())).isEqualTo(1);
    }

    /** A PHQ-9 total at a session, answered that many weeks after intake. */
    private Void phq9(TestPractice.People people, UUID episodeId, int session, int total) {
        jdbc.sql("""
                insert into measure_response (practice_id, id, episode_id, client_id, submission_key, instrument,
                    instrument_version, answers, answered_at, session_number, source, completeness, total, band,
                    caseness, risk)
                values (?, ?, ?, ?, ?, 'phq-9', 1, '{}', ?, ?, 'PORTAL', 'COMPLETE', ?, 'severe', true, 'NEGATIVE')""")
                .params(people.practice().value(), org.outgrow.shared.Ids.next(), episodeId, people.client(),
                        org.outgrow.shared.Ids.next(), java.sql.Timestamp.from(clock.instant()
                                .minus(java.time.Duration.ofDays(60 - 7L * session))), session, total)
                .update();
        return null;
    }
}
