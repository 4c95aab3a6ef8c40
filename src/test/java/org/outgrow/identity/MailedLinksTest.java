package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.Inbox;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/** Invitations and sign-in links travel by real SMTP (GreenMail) and work exactly once. */
@OutgrowTest
@TestPropertySource(properties = {"spring.mail.host=localhost", "spring.mail.port=3025"})
class MailedLinksTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Pattern LINK = Pattern.compile("http://localhost(/[\\w/-]+)");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anInvitedTherapistSetsAPasswordOnceAndThenNeedsASecondFactor() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        String email = "new.colleague@" + people.slug() + ".test";
        MvcResult invited = admin.perform(post("/admin/staff").param("email", email).param("displayName", "Nia New")
                .param("roles", "THERAPIST").with(csrf()));
        assertThat(invited.getResponse().getRedirectedUrl()).isEqualTo("/admin");

        String path = linkIn(mailTo(email));
        assertThat(path).startsWith("/invitations/");
        String token = path.substring("/invitations/".length());
        assertThat(storedTokenHashes(people)).doesNotContain(token).contains(Tokens.hash(token));

        Visitor invitee = new Visitor(mvc);
        assertThat(invitee.perform(get(path)).getResponse().getContentAsString()).contains("Welcome, Nia New");
        MvcResult tooShort = invitee.perform(post(path).param("password", "short").param("confirmation", "short")
                .with(csrf()));
        assertThat(tooShort.getResponse().getContentAsString()).contains("Use at least 15 characters");
        MvcResult accepted = invitee.perform(post(path).param("password", "a sound new password")
                .param("confirmation", "a sound new password").with(csrf()));
        assertThat(accepted.getResponse().getRedirectedUrl()).isEqualTo("/login?passwordSet");
        assertThat(invitee.perform(get(path)).getResponse().getContentAsString()).contains("no longer works");

        assertThat(new Visitor(mvc).signIn(email, "a sound new password").getResponse().getRedirectedUrl())
                .isEqualTo("/login/second-factor");
    }

    @Test
    void aClientSignsInWithAnEmailedLinkThatWorksOnce() throws Exception {
        var people = practices.create();
        Visitor client = new Visitor(mvc);
        String answer = client.perform(post("/login/link").param("email", people.clientEmail()).with(csrf()))
                .getResponse().getContentAsString();
        String path = linkIn(mailTo(people.clientEmail()));
        String token = path.substring("/login/link/".length());

        assertThat(client.perform(get(path)).getResponse().getContentAsString()).contains("Sign in now");
        MvcResult used = client.perform(post("/login/link/confirm").param("token", token).with(csrf()));
        assertThat(used.getResponse().getRedirectedUrl()).as("lands on a token-free address").isEqualTo("/");
        assertThat(client.perform(get("/portal")).getResponse().getContentAsString()).contains("Hello, Cleo Client");

        MvcResult again = new Visitor(mvc).perform(post("/login/link/confirm").param("token", token).with(csrf()));
        assertThat(again.getResponse().getContentAsString()).contains("no longer works");

        String unknown = new Visitor(mvc).perform(post("/login/link").param("email", "nobody@example.test")
                .with(csrf())).getResponse().getContentAsString();
        assertThat(withoutCsrfToken(unknown)).isEqualTo(withoutCsrfToken(answer));
    }

    @Test
    void aSignInLinkExpiresAfterTenMinutes() throws Exception {
        var people = practices.create();
        String inTime = requestSignInLink(people.clientEmail());
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        MvcResult used = new Visitor(mvc).perform(post("/login/link/confirm").param("token", inTime).with(csrf()));
        assertThat(used.getResponse().getRedirectedUrl()).as("used at 9:59").isEqualTo("/");

        String late = requestSignInLink(people.clientEmail());
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        MvcResult refused = new Visitor(mvc).perform(post("/login/link/confirm").param("token", late).with(csrf()));
        assertThat(refused.getResponse().getRedirectedUrl()).as("used at 10:01").isNull();
        assertThat(refused.getResponse().getContentAsString()).contains("no longer works");
    }

    /** Asks for a sign-in link and returns the token from the mail. */
    private String requestSignInLink(String email) throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        new Visitor(mvc).perform(post("/login/link").param("email", email).with(csrf()));
        return linkIn(mailTo(email)).substring("/login/link/".length());
    }

    @Test
    void mailWaitsWhileTheMailServerIsDownAndGoesOutLater() throws Exception {
        var people = practices.create();
        smtp.stop();
        new Visitor(mvc).perform(post("/login/link").param("email", people.clientEmail()).with(csrf()));
        Integer waiting = Tenancy.call(Tenancy.Context.of(people.practice()), () -> transactions.execute(status ->
                jdbc.sql("select count(*) from mail_outbox where sent_at is null").query(Integer.class).single()));
        assertThat(waiting).isEqualTo(1);
        assertThat(new Visitor(mvc).perform(get("/actuator/health")).getResponse().getStatus())
                .as("the node stays in service: mail waits in the outbox").isEqualTo(200);
        smtp.start();
        clock.advance(Duration.ofHours(2)); // past any back-off
        assertThat(linkIn(mailTo(people.clientEmail()))).startsWith("/login/link/");
    }

    private List<String> storedTokenHashes(TestPractice.People people) {
        return Tenancy.call(Tenancy.Context.of(people.practice()), () -> transactions.execute(status ->
                jdbc.sql("select token_hash from one_time_token").query(String.class).list()));
    }

    private static MimeMessage mailTo(String recipient) throws InterruptedException {
        return Inbox.mailTo(smtp, recipient);
    }

    private static String linkIn(MimeMessage message) {
        return Inbox.link(message, LINK);
    }

    private static String withoutCsrfToken(String page) {
        return page.replaceAll("(name=\"_csrf\" value|name=\"csrf-token\" content)=\"[^\"]*\"", "$1");
    }
}
