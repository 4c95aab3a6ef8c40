package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
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

/**
 * Checklist T7's "token absent from logs": the secret of each e-mailed link (sign-in, questionnaire,
 * staff invitation), once issued, shown and spent, appears in no log line, no audit row and no
 * stored session, and the page after spending it is on an address without it.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class TokensStayOutOfLogsTest {

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
        String token = tokenMailedTo(people, people.clientEmail(), "/login/link/");

        assertThat(client.perform(get("/login/link/" + token)).getResponse().getStatus()).isEqualTo(200);
        String next = client.perform(post("/login/link/confirm").param("token", token).with(csrf())).getResponse()
                .getRedirectedUrl();
        assertThat(next).isEqualTo("/");
        assertThat(client.perform(get(next)).getResponse().getRedirectedUrl()).isEqualTo("/portal")
                .doesNotContain(token);

        assertNowhere(token, people, output);
    }

    @Test
    void aQuestionnaireLinksSecretIsNeverLoggedAuditedOrKeptInTheSession(CapturedOutput output) throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/measures/requests").param("instrument", "gad-7").param("email", "true")
                .with(csrf()));
        String token = tokenMailedTo(people, people.clientEmail(), "/q/");

        Visitor stranger = new Visitor(mvc);
        assertThat(stranger.perform(get("/q/" + token)).getResponse().getContentAsString())
                .contains("name=\"item.gad7_1\"");
        stranger.perform(post("/q/" + token + "/draft").param("item.gad7_1", "2").with(csrf()));
        var answers = post("/q/" + token).with(csrf());
        for (int item = 1; item <= 7; item++) {
            answers.param("item.gad7_" + item, "1");
        }
        String next = stranger.perform(answers).getResponse().getRedirectedUrl();
        assertThat(next).isEqualTo("/q/answered");
        assertThat(stranger.perform(get(next)).getResponse().getStatus()).isEqualTo(200);

        assertNowhere(token, people, output);
    }

    @Test
    void anInvitationsSecretIsNeverLoggedAuditedOrKeptInTheSession(CapturedOutput output) throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        String email = "invited@" + people.slug() + ".test";
        admin.perform(post("/admin/staff").param("email", email).param("displayName", "Ivo Invited")
                .param("roles", "THERAPIST").with(csrf()));
        String token = tokenMailedTo(people, email, "/invitations/");

        Visitor invitee = new Visitor(mvc);
        assertThat(invitee.perform(get("/invitations/" + token)).getResponse().getContentAsString())
                .contains("Ivo Invited");
        invitee.perform(post("/invitations/" + token).param("password", "short").param("confirmation", "short")
                .with(csrf()));
        String next = invitee.perform(post("/invitations/" + token).param("password", "a sound new password")
                .param("confirmation", "a sound new password").with(csrf())).getResponse().getRedirectedUrl();
        assertThat(next).isEqualTo("/login?passwordSet");

        assertNowhere(token, people, output);
    }

    /** The secret of the newest link of that kind mailed to the address (read from the outbox, as sent). */
    private String tokenMailedTo(TestPractice.People people, String recipient, String path) {
        String body = practices.inPractice(people, () -> mail.recent(20).stream()
                .filter(sent -> sent.recipient().equals(recipient)).map(Mail.QueuedMail::body)
                .filter(java.util.Objects::nonNull).filter(text -> text.contains(path)).findFirst()).orElseThrow();
        Matcher link = Pattern.compile(Pattern.quote(path) + "([A-Za-z0-9_-]{40,})").matcher(body);
        assertThat(link.find()).as("the mail carries the link").isTrue();
        return link.group(1);
    }

    /** Not in any log line, audit row (any column) or stored session. */
    private void assertNowhere(String token, TestPractice.People people, CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain(token);
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event a"
                + " where a::text like ?").param("%" + token + "%").query(Integer.class).single())).isZero();
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event")
                .query(Integer.class).single())).as("the audit log was looked at").isPositive();
        assertThat(jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list())
                .allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(token));
    }
}
