package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.shared.mail.Mail;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Checklist T7's "token absent from logs" and T28's "no secrets or clinical text in logs": the
 * secrets of e-mailed links (sign-in, questionnaire, invitation), passwords, answers and progress
 * notes appear in no log line, no audit row and no stored session, and a forged log line typed as
 * a sign-in name never becomes a line of the log.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class TokensStayOutOfLogsTest {

    private static final Pattern LINK = Pattern.compile("/login/link/([A-Za-z0-9_-]{40,})");
    private static final Pattern QUESTIONNAIRE_LINK = Pattern.compile("/q/([A-Za-z0-9_-]{40,})");
    private static final Pattern INVITATION_LINK = Pattern.compile("/invitations/([A-Za-z0-9_-]{40,})");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    Mail mail;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSignInLinksSecretIsNeverLoggedAuditedOrKeptInTheSession(CapturedOutput output) throws Exception {
        var people = practices.create();
        Visitor client = new Visitor(mvc);
        client.perform(post("/login/link").param("email", people.clientEmail()).with(csrf()));
        String body = practices.inPractice(people, () -> mail.recent(10).stream()
                .filter(sent -> sent.recipient().equals(people.clientEmail())).map(Mail.QueuedMail::body)
                .filter(java.util.Objects::nonNull).findFirst()).orElseThrow();
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as("the mail carries the link").isTrue();
        String token = link.group(1);

        assertThat(client.perform(get("/login/link/" + token)).getResponse().getStatus()).isEqualTo(200);
        String next = client.perform(post("/login/link/confirm").param("token", token).with(csrf())).getResponse()
                .getRedirectedUrl();
        assertThat(next).isEqualTo("/");
        assertThat(client.perform(get(next)).getResponse().getRedirectedUrl()).isEqualTo("/portal")
                .doesNotContain(token);

        assertNowhere(people, output, token);
    }

    @Test
    void noPasswordAnswerNoteOrLinkSecretOfAWholeScenarioIsLogged(CapturedOutput output) throws Exception {
        var people = practices.create();
        String note = "NOTE-CANARY-" + UUID.randomUUID();
        String typedAnswer = "ANSWER-CANARY-" + UUID.randomUUID();
        String password = "password canary " + UUID.randomUUID();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/notes").param("body", "Talked about the week. " + note).with(csrf()));
        assertThat(therapist.perform(get(episode + "/notes")).getResponse().getContentAsString())
                .as("the note is real").contains(note);

        therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").param("email", "true")
                .with(csrf()));
        String questionnaire = secretMailedTo(people, people.clientEmail(), QUESTIONNAIRE_LINK);
        Visitor answering = new Visitor(mvc);
        answering.perform(post("/q/" + questionnaire + "/draft").param("item.phq9_1", typedAnswer)
                .param("item.phq9_2", "3").with(csrf()));
        MockHttpServletRequestBuilder answers = post("/q/" + questionnaire).with(csrf());
        for (int item = 1; item <= 9; item++) {
            answers.param("item.phq9_" + item, Integer.toString(item % 3));
        }
        assertThat(answering.perform(answers).getResponse().getRedirectedUrl()).isEqualTo("/q/answered");

        String invitee = "new.colleague@" + people.slug() + ".test";
        Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD).perform(post("/admin/staff")
                .param("email", invitee).param("displayName", "Nia New").param("roles", "THERAPIST").with(csrf()));
        String invitation = secretMailedTo(people, invitee, INVITATION_LINK);
        assertThat(new Visitor(mvc).perform(post("/invitations/" + invitation).param("password", password)
                .param("confirmation", password).with(csrf())).getResponse().getRedirectedUrl())
                .isEqualTo("/login?passwordSet");
        assertThat(new Visitor(mvc).signIn(invitee, password).getResponse().getRedirectedUrl())
                .isEqualTo("/login/second-factor");
        new Visitor(mvc).signIn(invitee, password + " mistyped");

        new Visitor(mvc).perform(post("/login/link").param("email", people.clientEmail()).with(csrf()));
        String signInLink = secretMailedTo(people, people.clientEmail(), LINK);
        assertThat(new Visitor(mvc).perform(post("/login/link/confirm").param("token", signInLink).with(csrf()))
                .getResponse().getRedirectedUrl()).isEqualTo("/");

        for (String secret : List.of(note, typedAnswer, password, questionnaire, invitation, signInLink)) {
            assertNowhere(people, output, secret);
        }
        assertThat(output.getAll()).as("no answer by its item").doesNotContainPattern("phq9_\\d");
    }

    @Test
    void aForgedLineTypedAsTheSignInNameIsNeverALineOfTheLogAndOnlyDataInTheAudit(CapturedOutput output)
            throws Exception {
        String forged = "2026-12-01 INFO forged line";
        String name = "eve@x.test\r\n" + forged + "\u001b[31m";
        Visitor eve = new Visitor(mvc, "203.0.113.28");
        assertThat(eve.signIn(name, "not the password").getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        eve.perform(post("/login/link").param("email", name).with(csrf()));
        assertThat(eve.perform(get("/login").param("error", "")).getResponse().getStatus()).isEqualTo(200);

        assertThat(output.getAll().lines()).noneMatch(line -> line.startsWith(forged))
                .noneMatch(line -> line.contains("forged line"));
        assertThat(output.getAll()).as("no raw escape character").doesNotContain("\u001b");
        // An unknown name has no practice, so its row is in the chain outside every practice.
        List<Map<String, Object>> rows = jdbc.sql("select action, outcome, actor_account_id, resource_id, address,"
                + " request_id from audit_event where address = ?").param("203.0.113.28").query().listOfRows();
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("action", "LOGIN").containsEntry("outcome", "FAILURE")
                    .containsEntry("actor_account_id", null);
            assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value))
                    .doesNotContain("\r", "\n", "\u001b", "forged"));
        });
    }

    /** The secret is in no log line, no audit row and no stored session. */
    private void assertNowhere(TestPractice.People people, CapturedOutput output, String secret) {
        assertThat(output.getAll()).doesNotContain(secret);
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event a"
                + " where a::text like ?").param("%" + secret + "%").query(Integer.class).single())).isZero();
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event")
                .query(Integer.class).single())).as("the audit log was looked at").isPositive();
        assertThat(jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list())
                .allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(secret));
    }

    /** The secret the pattern's group 1 finds in the latest mail to the recipient. */
    private String secretMailedTo(TestPractice.People people, String recipient, Pattern pattern) {
        String body = practices.inPractice(people, () -> mail.recent(20).stream()
                .filter(sent -> sent.recipient().equals(recipient)).map(Mail.QueuedMail::body)
                .filter(java.util.Objects::nonNull).filter(text -> pattern.matcher(text).find()).findFirst())
                .orElseThrow(() -> new AssertionError("No mail to " + recipient + " matches " + pattern));
        Matcher matcher = pattern.matcher(body);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }
}
