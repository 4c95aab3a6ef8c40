package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
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
    void oneAddressTryingManyAccountsIsThrottled() throws Exception {
        Visitor sprayer = new Visitor(mvc, "192.0.2.77");
        for (int i = 0; i < 30; i++) {
            sprayer.signIn("someone" + i + "@example.test", "Summer2026!");
        }
        assertThat(redirect(sprayer.signIn(people.adminEmail(), TestPractice.PASSWORD))).isEqualTo("/login?error");
        clock.advance(Duration.ofMinutes(10));
        assertThat(redirect(sprayer.signIn(people.adminEmail(), TestPractice.PASSWORD))).isEqualTo("/");
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

    private static String redirect(MvcResult result) {
        return result.getResponse().getRedirectedUrl();
    }
}
