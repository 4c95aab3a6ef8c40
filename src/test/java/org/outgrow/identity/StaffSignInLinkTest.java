package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Checklist T4, the staff unlock path: an attacker who keeps a staff account locked with a guess
 * every few minutes cannot keep its owner out. The e-mailed link stands in for the password only;
 * the second factor is still asked for, and staff without one get no link.
 */
@OutgrowTest
class StaffSignInLinkTest {

    private static final int LOCKED_FAILURES = 9;

    private static final Pattern LINK = Pattern.compile("/login/link/([A-Za-z0-9_-]{40,})");

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

    private TestPractice.People people;
    private String email;
    private UUID account;
    private String secret;

    @BeforeEach
    void aTherapistWithASecondFactor() throws Exception {
        people = practices.create();
        email = "locked." + people.slug() + "@example.test";
        account = practices.staffWithSecondFactor(people.practice(), email, Role.THERAPIST);
        Visitor setUp = Visitor.signedIn(mvc, email, TestPractice.PASSWORD);
        MvcResult page = setUp.perform(get("/login/second-factor/setup"));
        secret = ((String) page.getModelAndView().getModel().get("secret")).replace(" ", "");
        assertThat(setUp.perform(post("/login/second-factor/setup").param("code", Totp.code(secret, clock.instant()))
                .with(csrf())).getResponse().getRedirectedUrl()).isEqualTo("/");
        clock.advance(Duration.ofSeconds(30));
    }

    @Test
    void aLockedTherapistGetsInDuringTheLockWithTheLinkAndTheirCode() throws Exception {
        lockOut();
        assertThat(new Visitor(mvc).signIn(email, TestPractice.PASSWORD).getResponse().getRedirectedUrl())
                .as("the right password during the lock").isEqualTo("/login?error");

        Visitor owner = new Visitor(mvc);
        String token = requestLink(owner);
        String before = owner.sessionId();
        assertThat(useLink(owner, token)).isEqualTo("/login/second-factor");
        assertThat(owner.sessionId()).as("new session id after the link").isNotEqualTo(before);
        assertThat(failedLogins()).as("the link alone does not clear the lock").isEqualTo(LOCKED_FAILURES);

        clock.advance(Duration.ofSeconds(30));
        assertThat(lockedUntil()).as("still locked when the code is entered").isAfter(clock.instant());
        assertThat(owner.perform(post("/login/second-factor").param("code", Totp.code(secret, clock.instant()))
                .with(csrf())).getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(owner.perform(get("/clients")).getResponse().getStatus()).isEqualTo(200);
        assertThat(failedLogins()).as("link and code clear the lock").isZero();
        assertThat(auditActions()).contains("LOGIN_LINK_SENT", "LOGIN_LINK", "LOGIN");
    }

    @Test
    void theLinkAloneOpensNoClinicalPage() throws Exception {
        lockOut();
        Visitor holder = new Visitor(mvc);
        assertThat(useLink(holder, requestLink(holder))).isEqualTo("/login/second-factor");
        for (String page : List.of("/", "/clients", "/caseload", "/clients/" + people.client())) {
            assertThat(holder.perform(get(page)).getResponse().getRedirectedUrl()).as(page)
                    .isEqualTo("/login/second-factor");
        }
        assertThat(holder.perform(get("/login/second-factor/setup")).getResponse().getRedirectedUrl())
                .as("no second factor can be set up in its place").isEqualTo("/login/second-factor");
    }

    @Test
    void oneWrongCodeAfterTheLinkEndsTheAttemptDuringALockAndLinksDoNotMultiply() throws Exception {
        lockOut();
        Visitor guesser = new Visitor(mvc);
        String token = requestLink(guesser);
        useLink(guesser, token);
        assertThat(guesser.perform(post("/login/second-factor").param("code", wrongCode()).with(csrf()))
                .getResponse().getRedirectedUrl()).isEqualTo("/login?error");
        assertThat(guesser.perform(get("/login/second-factor")).getResponse().getRedirectedUrl())
                .as("the half-signed-in session has ended").endsWith("/login");
        assertThat(failedLogins()).as("the wrong code counted").isEqualTo(LOCKED_FAILURES + 1);

        new Visitor(mvc).perform(post("/login/link").param("email", email).with(csrf()));
        assertThat(linkMails()).as("one staff link per ten minutes").hasSize(1);
        clock.advance(Duration.ofMinutes(10));
        new Visitor(mvc).perform(post("/login/link").param("email", email).with(csrf()));
        assertThat(linkMails()).hasSize(2);
    }

    @Test
    void staffWithoutASecondFactorGetNoLinkAndTheSamePage() throws Exception {
        String unenrolled = "unenrolled." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), unenrolled, Role.ADMIN);
        List<String> seen = new java.util.ArrayList<>();
        for (String address : List.of("nobody@" + people.slug() + ".test", email, people.therapistEmail(),
                unenrolled)) {
            String page = new Visitor(mvc).perform(post("/login/link").param("email", address).with(csrf()))
                    .getResponse().getContentAsString();
            seen.add(normalised(page, address));
        }
        assertThat(seen).as("unknown, enrolled, exempt, not yet enrolled").containsOnly(seen.getFirst());
        List<String> recipients = practices.inPractice(people, () -> mail.recent(20).stream()
                .map(Mail.QueuedMail::recipient).toList());
        assertThat(recipients).contains(email).doesNotContain(people.therapistEmail(), unenrolled);
    }

    @Test
    void theStaffListShowsALockedAccount() throws Exception {
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/admin")).getResponse().getContentAsString()).doesNotContain("Locked for now");
        lockOut();
        assertThat(admin.perform(get("/admin")).getResponse().getContentAsString()).contains("Locked for now");
    }

    /**
     * An attacker guesses five times, then once each time the lock lapses, until the lock lasts
     * eight minutes: longer than anything the owner does below, so the lock is in force throughout.
     */
    private void lockOut() throws Exception {
        Visitor attacker = new Visitor(mvc, "198.51.100." + (1 + new java.util.Random().nextInt(250)));
        for (int i = 0; i < 5; i++) {
            attacker.signIn(email, "guess " + i);
        }
        for (int i = 5; i < LOCKED_FAILURES; i++) {
            clock.advance(Duration.between(clock.instant(), lockedUntil()).plusSeconds(1));
            attacker.signIn(email, "guess " + i);
        }
        assertThat(failedLogins()).isEqualTo(LOCKED_FAILURES);
        assertThat(Duration.between(clock.instant(), lockedUntil())).isEqualTo(Duration.ofMinutes(8));
    }

    private java.time.Instant lockedUntil() {
        return practices.inPractice(people, () -> jdbc.sql("select locked_until from account where id = ?")
                .param(account).query(java.sql.Timestamp.class).single()).toInstant();
    }

    private String requestLink(Visitor visitor) throws Exception {
        visitor.perform(post("/login/link").param("email", email).with(csrf()));
        List<String> bodies = linkMails();
        assertThat(bodies).hasSize(1);
        assertThat(bodies.getFirst()).contains("authenticator app");
        Matcher link = LINK.matcher(bodies.getFirst());
        assertThat(link.find()).isTrue();
        return link.group(1);
    }

    private static String useLink(Visitor visitor, String token) throws Exception {
        return visitor.perform(post("/login/link/confirm").param("token", token).with(csrf()))
                .getResponse().getRedirectedUrl();
    }

    private List<String> linkMails() {
        return practices.inPractice(people, () -> mail.recent(20).stream()
                .filter(sent -> sent.recipient().equals(email)).map(Mail.QueuedMail::body)
                .filter(Objects::nonNull).toList());
    }

    /** A code no step around now accepts. */
    private String wrongCode() {
        List<String> near = List.of(Totp.code(secret, clock.instant().minusSeconds(30)),
                Totp.code(secret, clock.instant()), Totp.code(secret, clock.instant().plusSeconds(30)));
        return java.util.stream.IntStream.range(0, 10).mapToObj(i -> String.valueOf(i).repeat(6))
                .filter(code -> !near.contains(code)).findFirst().orElseThrow();
    }

    /** As NoUserEnumerationTest compares pages: without the CSRF token, request reference and typed address. */
    private static String normalised(String page, String address) {
        return page.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"")
                .replaceAll("content=\"[A-Za-z0-9_-]{40,}\"", "content=\"\"")
                .replaceAll("\\b[0-9a-f]{12}\\b", "REF")
                .replace(address, "ADDRESS");
    }

    private int failedLogins() {
        return practices.inPractice(people, () -> jdbc.sql("select failed_logins from account where id = ?")
                .param(account).query(Integer.class).single());
    }

    private List<String> auditActions() {
        return practices.inPractice(people, () -> jdbc.sql("select action from audit_event where actor_account_id = ?")
                .param(account).query(String.class).list());
    }
}
