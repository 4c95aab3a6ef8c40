package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outgrow.shared.mail.Mail;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Password sign-in, lockout, throttling, timeouts and session handling, with time moved by the test clock. */
@OutgrowTest
class SignInTest {

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

    @Autowired
    Accounts accounts;

    @Autowired
    PasswordEncoder passwords;

    private static final Pattern LINK = Pattern.compile("/login/link/([A-Za-z0-9_-]{40,})");

    private TestPractice.People people;

    @BeforeEach
    void practice() {
        people = practices.create();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountWithTheSameMessageUntilTheLockPasses() throws Exception {
        Visitor attacker = new Visitor(mvc);
        for (int i = 0; i < 5; i++) {
            assertThat(redirect(attacker.signIn(people.therapistEmail(), "wrong password " + i))).isEqualTo("/login?error");
        }
        Visitor owner = new Visitor(mvc);
        assertThat(redirect(owner.signIn(people.therapistEmail(), TestPractice.PASSWORD)))
                .as("the right password during the lock").isEqualTo("/login?error");
        clock.advance(Duration.ofSeconds(31));
        assertThat(redirect(owner.signIn(people.therapistEmail(), TestPractice.PASSWORD))).isEqualTo("/");
    }

    @Test
    void fourWrongPasswordsDoNotLock() throws Exception {
        Visitor owner = new Visitor(mvc);
        for (int i = 0; i < 4; i++) {
            owner.signIn(people.adminEmail(), "mistyped " + i);
        }
        assertThat(redirect(owner.signIn(people.adminEmail(), TestPractice.PASSWORD))).isEqualTo("/");
    }

    @Test
    void theLockDoublesWithEachFurtherFailure() throws Exception {
        Visitor attacker = new Visitor(mvc);
        for (int i = 0; i < 5; i++) {
            attacker.signIn(people.supervisorEmail(), "wrong");
        }
        clock.advance(Duration.ofSeconds(31));
        attacker.signIn(people.supervisorEmail(), "wrong again"); // sixth failure: locked for 60 s
        clock.advance(Duration.ofSeconds(45));
        assertThat(redirect(new Visitor(mvc).signIn(people.supervisorEmail(), TestPractice.PASSWORD)))
                .isEqualTo("/login?error");
        clock.advance(Duration.ofSeconds(16));
        assertThat(redirect(new Visitor(mvc).signIn(people.supervisorEmail(), TestPractice.PASSWORD))).isEqualTo("/");
    }

    @Test
    void twoHundredGuessesInAnHourFromFiftyAddressesAreMostlyNeverCountedAndTheOwnerGetsBackIn() throws Exception {
        for (int guess = 0; guess < 200; guess++) {
            Visitor attacker = new Visitor(mvc, "198.51.100." + (guess % 50 + 1));
            assertThat(redirect(attacker.signIn(people.therapistEmail(), "guess number " + guess)))
                    .isEqualTo("/login?error");
            clock.advance(Duration.ofSeconds(18)); // 200 guesses spread over the hour
        }
        // Every attempt is hashed (so a locked account answers as slowly as any other), but only one
        // outside a lock is checked and counted; during a lock the answer is "no" whatever the password.
        assertThat(failedLogins(people.therapist())).as("guesses checked against the password in the hour")
                .isBetween(5, 100);
        assertThat(lockedUntil(people.therapist())).as("still locked").isAfter(clock.instant());

        Visitor attacker = new Visitor(mvc);
        MvcResult wrong = attacker.signIn(people.therapistEmail(), "one more guess");
        Visitor owner = new Visitor(mvc);
        MvcResult right = owner.signIn(people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(redirect(right)).as("the right password during the lock").isEqualTo(redirect(wrong))
                .isEqualTo("/login?error");
        assertThat(loginPage(owner)).as("the same message as a wrong password").isEqualTo(loginPage(attacker))
                .contains("did not match");

        clock.advance(Account.LONGEST_LOCK);
        assertThat(redirect(owner.signIn(people.therapistEmail(), TestPractice.PASSWORD)))
                .as("the owner is in once the lock has passed").isEqualTo("/");
        assertThat(failedLogins(people.therapist())).isZero();
    }

    @Test
    void aLockedClientGetsInAtOnceWithAnEmailedLink() throws Exception {
        for (int i = 0; i < 5; i++) {
            new Visitor(mvc).signIn(people.clientEmail(), "wrong " + i);
        }
        assertThat(lockedUntil(people.clientAccount())).isAfter(clock.instant());
        assertThat(redirect(new Visitor(mvc).signIn(people.clientEmail(), TestPractice.PASSWORD)))
                .isEqualTo("/login?error");
        Visitor client = new Visitor(mvc);
        client.perform(post("/login/link").param("email", people.clientEmail()).with(csrf()));
        String body = practices.inPractice(people, () -> mail.recent(10).stream()
                .filter(sent -> sent.recipient().equals(people.clientEmail())).map(Mail.QueuedMail::body)
                .filter(java.util.Objects::nonNull).findFirst()).orElseThrow();
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).isTrue();
        assertThat(redirect(client.perform(post("/login/link/confirm").param("token", link.group(1)).with(csrf()))))
                .isEqualTo("/");
        assertThat(failedLogins(people.clientAccount())).as("the link clears the lock").isZero();
        assertThat(redirect(new Visitor(mvc).signIn(people.clientEmail(), TestPractice.PASSWORD))).isEqualTo("/");
    }

    @Test
    void oneAddressTryingManyAccountsIsThrottled() throws Exception {
        // The worst case of spraying: 200 accounts whose password is the one being sprayed.
        String hash = passwords.encode(TestPractice.PASSWORD);
        List<String> sprayed = IntStream.range(0, 200).mapToObj(i -> "sprayed" + i + "@" + people.slug() + ".test")
                .toList();
        practices.inPractice(people, () -> sprayed.stream()
                .map(email -> accounts.create(email, "Sprayed Client", Set.of(Role.CLIENT), false, hash)).toList());
        int signedIn = 0;
        for (String email : sprayed) {
            if ("/".equals(redirect(new Visitor(mvc, "192.0.2.77").signIn(email, TestPractice.PASSWORD)))) {
                signedIn++;
            }
        }
        assertThat(signedIn).as("attempts the address got checked in ten minutes").isEqualTo(30);
        assertThat(redirect(new Visitor(mvc, "192.0.2.77").signIn(people.adminEmail(), TestPractice.PASSWORD)))
                .isEqualTo("/login?error");
        assertThat(redirect(new Visitor(mvc).signIn(people.adminEmail(), TestPractice.PASSWORD)))
                .as("other addresses are not held up").isEqualTo("/");
        clock.advance(Duration.ofMinutes(10));
        assertThat(redirect(new Visitor(mvc, "192.0.2.77").signIn(people.adminEmail(), TestPractice.PASSWORD)))
                .isEqualTo("/");
    }

    @Test
    void unknownAndKnownAddressesFailAlike() throws Exception {
        MvcResult unknown = new Visitor(mvc).signIn("nobody@example.test", "whatever it is");
        MvcResult known = new Visitor(mvc).signIn(people.therapistEmail(), "whatever it is");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(known.getResponse().getStatus());
        assertThat(redirect(unknown)).isEqualTo(redirect(known));
        assertThat(unknown.getResponse().getHeaderNames()).isEqualTo(known.getResponse().getHeaderNames());
    }

    @Test
    void aFailedSignInKeepsTheTypedAddress() throws Exception {
        Visitor visitor = new Visitor(mvc);
        visitor.signIn(people.clientEmail(), "not the password");
        String page = visitor.perform(get("/login").param("error", "")).getResponse().getContentAsString();
        assertThat(page).contains("value=\"" + people.clientEmail() + "\"").contains("did not match");
    }

    @Test
    void signingInIssuesANewSessionId() throws Exception {
        Visitor visitor = new Visitor(mvc);
        visitor.perform(get("/login"));
        String before = visitor.sessionId();
        visitor.signIn(people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(visitor.sessionId()).isNotNull().isNotEqualTo(before);
    }

    @Test
    void staffAreSignedOutAfterFifteenIdleMinutes() throws Exception {
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        clock.advance(Duration.ofMinutes(14).plusSeconds(59));
        assertThat(therapist.perform(get("/clients")).getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        assertThat(redirect(therapist.perform(get("/clients")))).isEqualTo("/login?expired");
        assertThat(redirect(therapist.perform(get("/clients")))).as("the session is gone").startsWith("/login");
    }

    @Test
    void clientsAreSignedOutAfterThirtyIdleMinutes() throws Exception {
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        clock.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(client.perform(get("/portal")).getResponse().getStatus()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30).plusSeconds(1));
        assertThat(redirect(client.perform(get("/portal")))).isEqualTo("/login?expired");
    }

    @Test
    void nobodyStaysSignedInLongerThanTwelveHours() throws Exception {
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        for (int i = 0; i < 71; i++) {
            clock.advance(Duration.ofMinutes(10));
            assertThat(client.perform(get("/portal")).getResponse().getStatus()).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(11));
        assertThat(redirect(client.perform(get("/portal")))).isEqualTo("/login?expired");
    }

    @Test
    void disablingAnAccountEndsItsSessionsAtTheNextRequest() throws Exception {
        Visitor therapist = Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(get("/clients")).getResponse().getStatus()).isEqualTo(200);
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/staff/" + people.otherTherapist() + "/disable").with(csrf()));
        assertThat(redirect(therapist.perform(get("/clients")))).isEqualTo("/login?expired");
        assertThat(redirect(new Visitor(mvc).signIn(people.otherTherapistEmail(), TestPractice.PASSWORD)))
                .isEqualTo("/login?error");
    }

    @Test
    void signingOutEndsTheSession() throws Exception {
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        jakarta.servlet.http.Cookie cookie = new jakarta.servlet.http.Cookie(Visitor.SESSION_COOKIE, client.sessionId());
        assertThat(redirect(client.perform(post("/logout").with(csrf())))).isEqualTo("/login?signedOut");
        MvcResult replay = mvc.perform(get("/portal").cookie(cookie)).andReturn();
        assertThat(replay.getResponse().getRedirectedUrl()).startsWith("/login");
    }

    @Test
    void signingOutEverywhereEndsTheSessionsOnOtherDevicesToo() throws Exception {
        Visitor phone = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        Visitor laptop = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        clock.advance(Duration.ofSeconds(1));
        assertThat(redirect(laptop.perform(post("/account/sessions/end-all").with(csrf()))))
                .isEqualTo("/login?signedOut");
        assertThat(redirect(phone.perform(get("/portal")))).isEqualTo("/login?expired");
        assertThat(redirect(Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(get("/")))).as("signing in again works").isEqualTo("/portal");
    }

    @Test
    void formsWithoutTheCsrfTokenAreRefusedAndChangeNothing() throws Exception {
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        MvcResult forged = therapist.perform(post("/clients").param("displayName", "Forged Client"));
        assertThat(forged.getResponse().getStatus()).isEqualTo(403);
        assertThat(therapist.perform(get("/clients")).getResponse().getContentAsString()).doesNotContain("Forged Client");
    }

    private int failedLogins(UUID account) {
        return practices.inPractice(people, () -> jdbc.sql("select failed_logins from account where id = ?")
                .param(account).query(Integer.class).single());
    }

    private Instant lockedUntil(UUID account) {
        return practices.inPractice(people, () -> jdbc.sql("select locked_until from account where id = ?")
                .param(account).query(java.sql.Timestamp.class).single()).toInstant();
    }

    private static String loginPage(Visitor visitor) throws Exception {
        // MockMvc does not read a bare "?error" from the address, so the flag is passed as the browser's would be.
        // Without what differs on every request anyway: the CSRF token and the request reference.
        return visitor.perform(get("/login").param("error", "")).getResponse().getContentAsString()
                .replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"")
                .replaceAll("content=\"[A-Za-z0-9_-]{40,}\"", "content=\"\"")
                .replaceAll("\\b[0-9a-f]{12}\\b", "REF");
    }

    private static String redirect(MvcResult result) {
        return result.getResponse().getRedirectedUrl();
    }
}
