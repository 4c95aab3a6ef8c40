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
 * Checklist T7's "token absent from logs": an e-mailed sign-in link's secret, once issued, shown
 * and spent, appears in no log line, no audit row and no stored session, and the page after
 * spending it is on an address without it.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class TokensStayOutOfLogsTest {

    private static final Pattern LINK = Pattern.compile("/login/link/([A-Za-z0-9_-]{40,})");

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

        assertThat(output.getAll()).doesNotContain(token);
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where"
                + " concat_ws(' ', action, resource_type, resource_id, address, request_id) like ?")
                .param("%" + token + "%").query(Integer.class).single())).isZero();
        assertThat(jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list())
                .allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(token));
    }
}
