package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.outgrow.identity.Role;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/** Signing in and out through the real forms, once for every role. */
@BrowserTest
class SignInJourneyTest {

    @Autowired
    TestPractice practice;

    TestPractice.People people;

    @BeforeEach
    void createPractice() {
        people = practice.create();
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void signsInToTheirAccessibleHomeAndOutAgain(Role role, Page page) {
        Home home = Home.of(role, people);

        LoginForm.signIn(page, home.email(), TestPractice.PASSWORD);

        assertThat(page).hasURL(home.path());
        assertThat(heading(page)).hasText(home.heading());
        Axe.assertNoSeriousViolations(page);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page).hasURL("/login?signedOut");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have signed out.");

        page.navigate(home.path());

        assertThat(page).hasURL("/login");
        assertThat(heading(page)).hasText("Sign in");
    }

    @Test
    void failedSignInKeepsTheTypedAddressAndSaysWhy(Page page) {
        LoginForm.signIn(page, people.therapistEmail(), "not the password");

        assertThat(page).hasURL("/login?error");
        assertThat(page.getByRole(AriaRole.ALERT)).containsText("did not match");
        Locator email = page.getByLabel("E-mail address");
        assertThat(email).hasValue(people.therapistEmail());
        assertThat(email).hasAttribute("aria-invalid", "true");
        assertThat(email).hasAccessibleDescription(Pattern.compile("did not match"));
        Axe.assertNoSeriousViolations(page);
    }

    private static Locator heading(Page page) {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
    }
}
