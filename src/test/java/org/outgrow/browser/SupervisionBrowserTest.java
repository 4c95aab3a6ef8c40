package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.List;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo supervisor, on a phone, opens the case Priya's therapist brought and signs off the
 * review held while Priya was not on track, with a comment of script, markup and template
 * expressions (checklist T21) that stays text for the supervisor and for the therapist who reads it
 * on the episode; the pages pass axe-core and the supervisor's fits the screen.
 */
@BrowserTest
@ActiveProfiles("demo")
class SupervisionBrowserTest {

    @Test
    @Phone
    void theSupervisorSignsOffTheNotOnTrackReviewThatWasBrought(Page page, Page therapist) {
        Inert inert = new Inert();
        inert.watch(page);
        inert.watch(therapist);
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

        String comment = Inert.payload("sign-off-comment");
        page.getByLabel("Comment for your supervisee (optional)").fill(comment);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign off this review")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("The review is signed off.");
        assertThat(page.getByText("Signed off by Ruth Lindqvist on")).isVisible();
        Axe.assertNoSeriousViolations(page);
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as("no sideways scrolling").isEqualTo(false);
        inert.look(page, "supervisor", List.of(comment));
        org.assertj.core.api.Assertions.assertThat(inert.shown).as("the comment, verbatim, to the supervisor")
                .contains(comment);
        inert.shown.clear();

        LoginForm.signIn(therapist, "jana.weber@outgrow-demo.test", "outgrow demo 2026");
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Priya Natarajan")).first().click();
        therapist.navigate(therapist.url() + "/supervision"); // from the caseload to the episode, then its supervision
        assertThat(therapist.getByText("Signed off by Ruth Lindqvist on")).isVisible();
        Axe.assertNoSeriousViolations(therapist);
        inert.look(therapist, "therapist", List.of(comment));

        org.assertj.core.api.Assertions.assertThat(inert.dialogs).as("dialogs opened").isEmpty();
        org.assertj.core.api.Assertions.assertThat(inert.violations).as("CSP violations").isEmpty();
        org.assertj.core.api.Assertions.assertThat(inert.problems).as("code or evaluated expressions").isEmpty();
        org.assertj.core.api.Assertions.assertThat(inert.shown).as("the comment, verbatim, to the therapist")
                .contains(comment);
    }
}
