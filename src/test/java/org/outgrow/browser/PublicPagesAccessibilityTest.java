package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/** Pages people reach before or beside signing in have no serious accessibility problems. */
@BrowserTest
class PublicPagesAccessibilityTest {

    @Autowired
    TestPractice practice;

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /login                          | Sign in
            /login/link                     | Sign in with a link
            /invitations/no-such-invitation | This link no longer works
            """)
    void publicPageIsAccessible(String path, String heading, Page page) {
        page.navigate(path);

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText(heading);
        assertThat(page).hasTitle(heading + " · Outgrow");
        Axe.assertNoSeriousViolations(page);
    }

    @Test
    void unknownSignInLinkSaysItNoLongerWorks(Page page) {
        page.navigate("/login/link/no-such-token");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in now")).click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("This link no longer works");
        assertThat(page).hasTitle("This link no longer works · Outgrow");
        Axe.assertNoSeriousViolations(page);
    }

    /** Signed out, an unknown address leads to the sign-in page, so the 404 page is seen signed in. */
    @Test
    void notFoundPageIsAccessible(Page page) {
        LoginForm.signIn(page, practice.create().therapistEmail(), TestPractice.PASSWORD);
        assertThat(page).hasURL("/caseload");

        Response response = page.navigate("/no-such-page");

        assertThat(response.status()).isEqualTo(404);
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Something went wrong");
        assertThat(page.getByText("There is nothing here")).isVisible();
        Axe.assertNoSeriousViolations(page);
    }
}
