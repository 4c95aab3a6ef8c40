package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.identity.AuthenticatorApp;
import org.outgrow.identity.Role;
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
 * Checklist T19. Break-glass access needs a reason and a fresh proof of identity, lasts an hour,
 * is audited look by look, tells the other administrators and the therapist, never shows notes,
 * and the client sees it with the reason. Run in every build with the test clock, these tests are
 * the scheduled exercise of the procedure.
 */
@OutgrowTest
class EmergencyAccessTest {

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

    private static final String REASON = "Police called: welfare check, therapist on leave";

    @Test
    void aReasonOpensOneRecordForAnHourAndTheClientSeesIt() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/clients/" + people.client())).getResponse().getStatus())
                .as("no clinical pages for an administrator otherwise").isEqualTo(403);
        MvcResult tooShort = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", "urgent").with(csrf()));
        assertThat(tooShort.getFlashMap().get("problem")).isEqualTo("emergency.rule");
        assertThat(tooShort.getFlashMap().get("reason")).isEqualTo("urgent");

        String record = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", "Police called: welfare check, therapist on leave")
                .param("answer", TestPractice.PASSWORD).with(csrf()))
                .getResponse().getRedirectedUrl();
        String page = admin.perform(get(record)).getResponse().getContentAsString();
        assertThat(page).contains("Cleo Client").contains(people.clientEmail()).contains("Theo Therapist");

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        assertThat(client.perform(get("/portal/access-history")).getResponse().getContentAsString())
                .contains("Ada Admin, because: Police called: welfare check, therapist on leave");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('EMERGENCY_ACCESS_GRANTED', 'EMERGENCY_ACCESS_READ')").query(Integer.class).single()))
                .isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        Visitor later = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(later.perform(get(record)).getResponse().getStatus()).as("after the hour").isEqualTo(404);
    }

    @Test
    void theSecondFactorIsAskedAtTheMomentOfAccessNotJustAtSignIn() throws Exception {
        var people = practices.create();
        String email = "break.glass." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), email, Role.ADMIN);
        Visitor admin = Visitor.signedIn(mvc, email, TestPractice.PASSWORD);
        String key = ((String) admin.perform(get("/login/second-factor/setup")).getModelAndView().getModel()
                .get("secret")).replace(" ", "");
        assertThat(admin.perform(post("/login/second-factor/setup").param("code", AuthenticatorApp.code(key,
                clock.instant())).with(csrf())).getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(admin.perform(get("/admin/emergency")).getResponse().getContentAsString())
                .contains("the code from your authenticator app");

        for (String answer : List.of("", "000000", TestPractice.PASSWORD)) {
            MvcResult refused = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                    .param("reason", REASON).param("answer", answer).with(csrf()));
            assertThat(refused.getResponse().getRedirectedUrl()).as("answer " + answer).isEqualTo("/admin/emergency");
            assertThat(refused.getFlashMap().get("problem")).isEqualTo("emergency.confirmWrong");
            assertThat(refused.getFlashMap().get("reason")).isEqualTo(REASON);
        }
        assertThat(grants(people)).as("a fresh sign-in and a wrong answer open nothing").isZero();

        clock.advance(Duration.ofSeconds(30));
        String record = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", REASON).param("answer", AuthenticatorApp.code(key, clock.instant())).with(csrf()))
                .getResponse().getRedirectedUrl();
        assertThat(record).startsWith("/admin/emergency/");
        assertThat(admin.perform(get(record)).getResponse().getContentAsString()).contains("Cleo Client");
        assertThat(grants(people)).isEqualTo(1);
        assertThat(practices.inPractice(people, () -> jdbc.sql("select outcome from audit_event"
                + " where action = 'REAUTHENTICATION' order by seq").query(String.class).list()))
                .containsExactly("FAILURE", "FAILURE", "FAILURE", "SUCCESS");
    }

    @Test
    void theOtherAdministratorsAndTheTherapistAreToldWithoutDetails() throws Exception {
        var people = practices.create();
        String otherAdmin = "second.admin." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), otherAdmin, Role.ADMIN);
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/emergency").param("client", people.client().toString()).param("reason", REASON)
                .param("answer", TestPractice.PASSWORD).with(csrf()));

        List<Mail.QueuedMail> sent = practices.inPractice(people, () -> mail.recent(20)).stream()
                .filter(queued -> "Emergency access was opened".equals(queued.subject())).toList();
        assertThat(sent).extracting(Mail.QueuedMail::recipient)
                .containsExactlyInAnyOrder(otherAdmin, people.therapistEmail());
        for (Mail.QueuedMail queued : sent) {
            assertThat(queued.body()).isNotNull().contains("Ada Admin opened emergency access")
                    .contains("http://localhost/")
                    .doesNotContain("Cleo", people.clientEmail(), "Police", "welfare");
        }
        assertThat(sent.stream().filter(queued -> queued.recipient().equals(people.therapistEmail()))
                .map(Mail.QueuedMail::body).filter(Objects::nonNull).findFirst().orElseThrow())
                .contains("/clients/" + people.client());
    }

    /** Each is told in the language they last signed in with; one who has not yet, in the administrator's. */
    @Test
    void eachIsToldInTheirOwnLanguage() throws Exception {
        var people = practices.create();
        String otherAdmin = "second.admin." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), otherAdmin, Role.ADMIN);
        Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD, "de");
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD, "en");
        admin.perform(post("/admin/emergency").param("client", people.client().toString()).param("reason", REASON)
                .param("answer", TestPractice.PASSWORD).with(csrf()));

        assertThat(practices.inPractice(people, () -> mail.recent(20)).stream()
                .filter(queued -> queued.subject().startsWith("Emergency") || queued.subject().startsWith("Notfall"))
                .map(queued -> queued.recipient() + ": " + queued.subject()))
                .containsExactlyInAnyOrder(people.therapistEmail() + ": Notfallzugriff wurde geöffnet",
                        otherAdmin + ": Emergency access was opened");
    }

    @Test
    void everyLookIsFlaggedNotesStayClosedAndTheGrantEndsOnTheHour() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(post(episode + "/process-notes").param("text", "PROCESS-CANARY sealed").with(csrf()));
        therapist.perform(post(episode + "/notes").param("body", "PROGRESS-CANARY the week").with(csrf()));
        assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                .as("the canary is real").contains("PROCESS-CANARY");

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        String record = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", REASON).param("answer", TestPractice.PASSWORD).with(csrf()))
                .getResponse().getRedirectedUrl();
        for (int look = 0; look < 3; look++) {
            assertThat(admin.perform(get(record)).getResponse().getContentAsString()).contains("Cleo Client")
                    .doesNotContain("PROCESS-CANARY", "PROGRESS-CANARY");
        }
        for (String notes : List.of(episode + "/process-notes", episode + "/notes", episode)) {
            assertThat(admin.perform(get(notes)).getResponse().getStatus()).as(notes + " during the grant")
                    .isEqualTo(403);
        }
        UUID grant = UUID.fromString(record.substring("/admin/emergency/".length()));
        assertThat(practices.inPractice(people, () -> jdbc.sql("""
                select count(*) from audit_event where action = 'EMERGENCY_ACCESS_READ' and actor_account_id = ?
                and subject_client_id = ? and resource_id = ?""")
                .params(people.admin(), people.client(), grant.toString()).query(Integer.class).single()))
                .as("each look, flagged with the grant and the client").isEqualTo(3);

        clock.advance(Duration.ofMinutes(59));
        Visitor later = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(later.perform(get(record)).getResponse().getStatus()).as("within the hour").isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(later.perform(get(record)).getResponse().getStatus()).as("on the hour").isEqualTo(404);
    }

    private int grants(TestPractice.People people) {
        return practices.inPractice(people, () -> jdbc.sql("select count(*) from emergency_access")
                .query(Integer.class).single());
    }
}
