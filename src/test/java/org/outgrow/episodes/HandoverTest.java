package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Ids;
import org.outgrow.shared.mail.Mail;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A client handed over goes to the new therapist with their whole record and open alerts; the
 * previous therapist's live session loses it at the next request (checklist T11).
 */
@OutgrowTest
class HandoverTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Mail mail;

    @Test
    void theRecordAndItsOpenAlertsGoToTheNewTherapistAndThePreviousOneLosesItAtTheNextRequest() throws Exception {
        var people = practices.create();
        Visitor theo = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = theo.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        UUID ended = practices.inPractice(people, () -> {
            UUID earlier = Ids.next();
            jdbc.sql("""
                    insert into episode (practice_id, id, client_id, therapist_id, state, opened_at, ended_at, ended_by,
                        ending_kind, state_at_ending)
                    values (?, ?, ?, ?, 'ENDED', ?, ?, ?, 'PLANNED', 'IMPROVED')""")
                    .params(people.practice().value(), earlier, people.client(), people.therapist(),
                            Timestamp.from(clock.instant().minus(Duration.ofDays(200))),
                            Timestamp.from(clock.instant().minus(Duration.ofDays(30))), people.therapist())
                    .update();
            jdbc.sql("""
                    insert into alert (practice_id, id, episode_id, client_id, kind, owner_id, state, opened_at)
                    values (?, ?, ?, ?, 'RISK', ?, 'OPEN', ?)""")
                    .params(people.practice().value(), Ids.next(), episodeId, people.client(), people.therapist(),
                            Timestamp.from(clock.instant()))
                    .update();
            return earlier;
        });
        assertThat(theo.perform(get(episode)).getResponse().getStatus()).isEqualTo(200);

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/admin/handover")).getResponse().getContentAsString())
                .contains("Theo Therapist").contains("Olga Other").doesNotContain("Cleo Client");
        assertThat(admin.perform(get("/admin/handover").param("from", people.therapist().toString()))
                .getResponse().getContentAsString()).contains("Cleo Client").doesNotContain("Otto Other");
        MvcResult nobody = admin.perform(post("/admin/clients/" + people.client() + "/handover")
                .param("to", people.supervisor().toString()).with(csrf()));
        assertThat(nobody.getFlashMap().get("problem")).as("not a therapist").isEqualTo("handover.rule.therapist");
        MvcResult same = admin.perform(post("/admin/clients/" + people.client() + "/handover")
                .param("to", people.therapist().toString()).with(csrf()));
        assertThat(same.getFlashMap().get("problem")).isEqualTo("handover.rule.same");
        MvcResult done = admin.perform(post("/admin/clients/" + people.client() + "/handover")
                .param("to", people.otherTherapist().toString()).param("from", people.therapist().toString())
                .with(csrf()));
        assertThat(done.getFlashMap().get("notice")).isEqualTo("handover.done");
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/admin/handover?from=" + people.therapist());

        assertThat(theo.perform(get(episode)).getResponse().getStatus()).as("the same live session").isEqualTo(404);
        assertThat(theo.perform(get("/episodes/" + ended)).getResponse().getStatus()).as("an ended episode too")
                .isEqualTo(404);
        assertThat(theo.perform(get("/clients/" + people.client())).getResponse().getStatus()).isEqualTo(404);
        assertThat(theo.perform(get("/clients")).getResponse().getContentAsString()).doesNotContain("Cleo Client");
        assertThat(theo.perform(get("/alerts")).getResponse().getContentAsString()).doesNotContain("Cleo Client");

        List<Mail.QueuedMail> told = practices.inPractice(people, () -> mail.recent(20)).stream()
                .filter(queued -> queued.subject().equals("A client has been handed over to you")).toList();
        assertThat(told).as("the new therapist is told, without the client's name").singleElement()
                .satisfies(queued -> {
                    assertThat(queued.recipient()).isEqualTo(people.otherTherapistEmail());
                    assertThat(queued.body()).contains("/caseload").doesNotContain("Cleo");
                });

        Visitor olga = Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD);
        assertThat(olga.perform(get(episode)).getResponse().getStatus()).isEqualTo(200);
        assertThat(olga.perform(get("/episodes/" + ended)).getResponse().getStatus()).as("the client's history")
                .isEqualTo(200);
        assertThat(olga.perform(get("/clients")).getResponse().getContentAsString()).contains("Cleo Client");
        assertThat(olga.perform(get("/alerts")).getResponse().getContentAsString()).contains("Cleo Client");

        assertThat(admin.perform(get("/admin/outcomes").param("therapist", people.therapist().toString()))
                .getResponse().getContentAsString()).as("the ended episode still counts for who ended it")
                .doesNotContain("This therapist has no ended episodes in this period.");
        assertThat(admin.perform(get("/admin/outcomes").param("therapist", people.otherTherapist().toString()))
                .getResponse().getContentAsString()).contains("This therapist has no ended episodes in this period.");
        assertThat(practices.inPractice(people, () -> jdbc.sql("""
                select count(*) from audit_event
                where (action = 'CLIENT_HANDED_OVER' and subject_client_id = ?)
                   or (action = 'CLIENTS_LISTED_FOR_HANDOVER' and resource_id = ?)""")
                .params(people.client(), people.therapist().toString()).query(Integer.class).single())).isEqualTo(2);
    }

    @Test
    void theNewTherapistIsToldInTheLanguageTheySignedInWithNotTheAdministrators() throws Exception {
        var people = practices.create();
        Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD, "de");
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/clients/" + people.client() + "/handover").header("Accept-Language", "en")
                .param("to", people.otherTherapist().toString()).with(csrf()));

        assertThat(practices.inPractice(people, () -> mail.recent(20)).stream()
                .filter(queued -> queued.recipient().equals(people.otherTherapistEmail())).map(Mail.QueuedMail::subject))
                .containsExactly("Eine Klient:in wurde Ihnen übergeben");
    }
}
