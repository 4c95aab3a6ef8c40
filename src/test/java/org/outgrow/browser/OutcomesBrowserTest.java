package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo practice's outcome figures as its administrator sees them, and its public profile as a
 * stranger on a phone sees it; both pass axe-core, and the profile fits the screen.
 */
@BrowserTest
@ActiveProfiles("demo")
class OutcomesBrowserTest {

    @Test
    void theAdministratorReadsTheFiguresWithTheirIntervals(Page page) {
        LoginForm.signIn(page, "admin@outgrow-demo.test", "outgrow demo 2026");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Outcomes")).click();
        assertThat(page.locator("table.figures").first()).containsText("Reliable improvement");
        assertThat(page.getByText("Your practice's honest profile is published.")).isVisible();
        Axe.assertNoSeriousViolations(page);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sam Okafor")).click();
        assertThat(page.locator("#therapist-figures caption")).containsText("Sam Okafor: ");
        assertThat(page.locator("#therapist-figures")).containsText("95% interval");
        Axe.assertNoSeriousViolations(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Emergency access")).click();
        page.getByLabel("Client").selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Freya Lund"));
        page.getByLabel("Why you need access now (at least 10 characters)").fill("Therapist unreachable; risk alert open");
        page.getByLabel("To confirm it is you: your password").fill("outgrow demo 2026");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the record for one hour")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Freya Lund");
        assertThat(page.getByText("Risk ·")).isVisible();
        Axe.assertNoSeriousViolations(page);
    }

    @Test
    @Phone
    void aStrangerReadsTheHonestProfileOnAPhone(Page page) {
        page.navigate("/p/demo");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Riverside Psychotherapy (demo)");
        assertThat(page.getByText("What they do not mean")).isVisible();
        Axe.assertNoSeriousViolations(page);
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as("no sideways scrolling").isEqualTo(false);
    }
}
