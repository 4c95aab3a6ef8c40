package org.outgrow.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Staff need a second factor before any clinical page opens; codes work once and only while fresh. */
@OutgrowTest
class SecondFactorTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Test
    void aPasswordAloneOpensNothingButTheSecondFactor() throws Exception {
        var people = practices.create();
        String email = "mfa." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), email, Role.THERAPIST);
        Visitor staff = new Visitor(mvc);
        assertThat(staff.signIn(email, TestPractice.PASSWORD).getResponse().getRedirectedUrl())
                .isEqualTo("/login/second-factor");
        assertThat(staff.perform(get("/clients")).getResponse().getRedirectedUrl()).isEqualTo("/login/second-factor");
        assertThat(staff.perform(get("/login/second-factor")).getResponse().getRedirectedUrl())
                .isEqualTo("/login/second-factor/setup");

        String secret = setUp(staff);
        assertThat(staff.perform(get("/clients")).getResponse().getStatus()).isEqualTo(200);

        // Sign in again: the code just used is refused, the next one works.
        Visitor again = new Visitor(mvc);
        again.signIn(email, TestPractice.PASSWORD);
        String usedCode = Totp.code(secret, clock.instant());
        String beforeSecondFactor = again.sessionId();
        assertThat(again.perform(post("/login/second-factor").param("code", usedCode).with(csrf()))
                .getResponse().getStatus()).isEqualTo(200);
        assertThat(again.perform(get("/clients")).getResponse().getRedirectedUrl()).isEqualTo("/login/second-factor");
        clock.advance(Duration.ofSeconds(30));
        MvcResult accepted = again.perform(post("/login/second-factor")
                .param("code", Totp.code(secret, clock.instant())).with(csrf()));
        assertThat(accepted.getResponse().getRedirectedUrl()).isEqualTo("/");
        assertThat(again.sessionId()).as("new session id after the second factor").isNotEqualTo(beforeSecondFactor);
        assertThat(again.perform(get("/clients")).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aCodeOlderThanOneStepIsRefused() throws Exception {
        var people = practices.create();
        String email = "stale." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), email, Role.ADMIN);
        Visitor staff = new Visitor(mvc);
        staff.signIn(email, TestPractice.PASSWORD);
        String secret = setUp(staff);
        Visitor later = new Visitor(mvc);
        clock.advance(Duration.ofMinutes(5));
        later.signIn(email, TestPractice.PASSWORD);
        String stale = Totp.code(secret, clock.instant().minusSeconds(61));
        assertThat(later.perform(post("/login/second-factor").param("code", stale).with(csrf()))
                .getResponse().getContentAsString()).contains("That code did not work");
        assertThat(later.perform(get("/admin")).getResponse().getRedirectedUrl()).isEqualTo("/login/second-factor");
    }

    @Test
    void demoExemptStaffAndClientsNeedNoSecondFactor() throws Exception {
        var people = practices.create();
        assertThat(new Visitor(mvc).signIn(people.clientEmail(), TestPractice.PASSWORD).getResponse()
                .getRedirectedUrl()).isEqualTo("/");
    }

    /** Enrols the authenticator shown on the set-up page; returns its secret. */
    private String setUp(Visitor staff) throws Exception {
        MvcResult page = staff.perform(get("/login/second-factor/setup"));
        String secret = ((String) page.getModelAndView().getModel().get("secret")).replace(" ", "");
        MvcResult wrong = staff.perform(post("/login/second-factor/setup").param("code", "000000").with(csrf()));
        assertThat(wrong.getResponse().getContentAsString()).contains("That code did not work");
        MvcResult done = staff.perform(post("/login/second-factor/setup")
                .param("code", Totp.code(secret, clock.instant())).with(csrf()));
        assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/");
        return secret;
    }
}
