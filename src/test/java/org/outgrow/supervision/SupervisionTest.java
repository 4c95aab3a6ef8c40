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
        MvcResult notNeeded = supervisor.perform(post("/supervision/" + request + "/records")
                .param("on", today.toString()).param("actions", "Name the pattern together").param("signOff", "true")
                .with(csrf()));
        assertThat(notNeeded.getFlashMap().get("problem")).isEqualTo("supervision.rule.signOff");
        assertThat(notNeeded.getFlashMap().get("actions")).isEqualTo("Name the pattern together");
        supervisor.perform(post("/supervision/" + request + "/records").param("on", today.toString())
                .param("discussion", "Rescuing as a response to her helplessness").param("actions",
                        "Name the pattern together; bring back in a month").with(csrf()));

        String back = therapist.perform(get(episode + "/supervision")).getResponse().getContentAsString();
        assertThat(back).contains("To Sue Supervisor").contains("Name the pattern together; bring back in a month");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('CASE_BROUGHT_TO_SUPERVISION', 'SUPERVISION_RECORDED')").query(Integer.class).single()))
                .isEqualTo(2);
    }
}
