package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo supervisor, on a phone, opens the case Priya's therapist brought and signs off the
 * review held while Priya was not on track; the page passes axe-core and fits the screen.
 */
@BrowserTest
@ActiveProfiles("demo")
class SupervisionBrowserTest {

    @Test
    @Phone
    void theSupervisorSignsOffTheNotOnTrackReviewThatWasBrought(Page page) {
        LoginForm.signIn(page, "ruth.lindqvist@outgrow-demo.test", "outgrow demo 2026");
        assertThat(page.getByText("reviews to sign off: 1")).isVisible();
        page.locator("li.card", new Page.LocatorOptions().setHasText("reviews to sign off"))
                .getByRole(AriaRole.LINK).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(
                "Reviews held while not on track"))).isVisible();
        assertThat(page.locator("article[id^=review-]")).containsText("Review after 12 sessions: Continue as agreed.");
        assertThat(page.locator("article[id^=review-]")).containsText("not on track");
        assertThat(page.getByText("Priya")).hasCount(0);
        Axe.assertNoSeriousViolations(page);

        page.getByLabel("Comment for your supervisee (optional)").fill("Agreed. Look at the focus with [client] first.");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign off this review")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The review is signed off.");
        assertThat(page.getByText("Signed off by Ruth Lindqvist on")).isVisible();
        Axe.assertNoSeriousViolations(page);
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as("no sideways scrolling").isEqualTo(false);
    }
}
