package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.outgrow.identity.AuthenticatorApp;
import org.outgrow.identity.Role;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/** Staff who must use a second factor set it up on their first sign-in and are asked for it after. */
@BrowserTest
class SecondFactorJourneyTest {

    @Autowired
    TestPractice practice;

    @Autowired
    TestClock clock;

    @Test
    void firstSignInSetsUpTheAuthenticatorThenAsksForItsCode(Page page) {
        TestPractice.People people = practice.create();
        String email = "mia@" + people.slug() + ".test";
        practice.staffWithSecondFactor(people.practice(), email, Role.THERAPIST);

        LoginForm.signIn(page, email, TestPractice.PASSWORD);

        assertThat(page).hasURL("/login/second-factor/setup");
        Axe.assertNoSeriousViolations(page);
        String key = page.getByTestId("totp-secret").textContent();
        page.getByLabel("Six-digit code").fill(AuthenticatorApp.code(key, clock.instant()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Confirm and continue")).click();

        assertThat(page).hasURL("/caseload");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("My caseload");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        clock.advance(Duration.ofSeconds(30));
        LoginForm.signIn(page, email, TestPractice.PASSWORD);

        assertThat(page).hasURL("/login/second-factor");
        Axe.assertNoSeriousViolations(page);
        page.getByLabel("Six-digit code").fill(AuthenticatorApp.code(key, clock.instant()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue").setExact(true)).click();

        assertThat(page).hasURL("/caseload");
    }
}
