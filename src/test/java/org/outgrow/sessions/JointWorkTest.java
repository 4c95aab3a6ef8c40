package org.outgrow.sessions;

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

/** The client prepares a session and logs a task; the therapist reads both; nothing typed is lost. */
@OutgrowTest
class JointWorkTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void preparationAndTasksTravelBetweenClientAndTherapist() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(1);
        therapist.perform(post(episode + "/sessions").param("date", tomorrow.toString()).param("time", "10:00")
                .param("minutes", "50").with(csrf()));
        UUID appointment = practices.inPractice(people, () -> jdbc.sql("select id from appointment")
                .query(UUID.class).single());

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        assertThat(client.perform(get("/portal/sessions")).getResponse().getContentAsString())
                .contains("/portal/sessions/" + appointment + "/preparation");
        String path = "/portal/sessions/" + appointment + "/preparation";
        MvcResult empty = client.perform(post(path).param("bring", " ").param("since", "").with(csrf()));
        assertThat(empty.getResponse().getContentAsString()).contains("Write something in at least one");
        client.perform(post(path).param("bring", "My sister's visit").param("since", "Slept better").with(csrf()));
        MvcResult stale = client.perform(post(path).param("bring", "Something else entirely").param("since", "")
                .with(csrf()));
        assertThat(stale.getResponse().getContentAsString()).as("a second new preparation is a conflict, text kept")
                .contains("changed on another device").contains("Something else entirely");
        client.perform(post(path).param("bring", "My sister's visit, and work").param("since", "Slept better")
                .param("version", "0").with(csrf()));

        therapist.perform(post(episode + "/tasks").param("description", "Say no once this week")
                .param("proposedBy", "TOGETHER").with(csrf()));
        UUID task = practices.inPractice(people, () -> jdbc.sql("select id from between_session_task")
                .query(UUID.class).single());
        MvcResult future = client.perform(post("/portal/tasks/" + task + "/attempts").param("on", tomorrow.toString())
                .param("went", "7").param("learned", "It was fine").with(csrf()));
        assertThat(future.getFlashMap().get("problem")).isEqualTo("task.rule.future");
        assertThat(future.getFlashMap().get("learned")).isEqualTo("It was fine");
        client.perform(post("/portal/tasks/" + task + "/attempts").param("on", tomorrow.minusDays(1).toString())
                .param("went", "7").param("learned", "Nobody was angry").with(csrf()));
        client.perform(post("/portal/tasks").param("episode", episode.substring("/episodes/".length()))
                .param("description", "Ask for help at work").with(csrf()));
        String tasks = client.perform(get("/portal/tasks")).getResponse().getContentAsString();
        assertThat(tasks).contains("Say no once this week").contains("Learned: Nobody was angry")
                .contains("your idea").contains("Tried 1 of 2 tasks at least once (50%)")
                .contains("Proposed 1.5 of 2 tasks");

        String sessions = therapist.perform(get(episode + "/sessions")).getResponse().getContentAsString();
        assertThat(sessions).contains("My sister&#39;s visit, and work").contains("Slept better")
                .contains("Learned: Nobody was angry").contains("proposed by the client");
        therapist.perform(post(episode + "/tasks/" + task + "/state").param("state", "DONE").with(csrf()));
        assertThat(practices.inPractice(people, () -> jdbc.sql("select state from between_session_task where id = ?")
                .param(task).query(String.class).single())).isEqualTo("DONE");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('SESSION_PREPARED', 'TASK_AGREED', 'TASK_ATTEMPT_LOGGED', 'TASK_PROPOSED_BY_CLIENT', 'TASK_DONE')")
                .query(Integer.class).single())).isEqualTo(6);
    }
}
