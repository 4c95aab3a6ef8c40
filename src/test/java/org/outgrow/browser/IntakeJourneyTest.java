package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client on a phone, using only the keyboard, reads and acknowledges the expectations statement
 * and agrees to measurement; the pages have no serious accessibility problems. The administrator's
 * page for the statement is checked the same way.
 */
@BrowserTest
class IntakeJourneyTest {

    @Autowired
    TestPractice practice;

    @Test
    @Phone
    void aClientAcknowledgesTheStatementAndGivesConsentWithTheKeyboard(Page page) {
        LoginForm.signIn(page, practice.create().clientEmail(), TestPractice.PASSWORD);
        assertThat(page).hasURL("/portal");
        Axe.assertNoSeriousViolations(page);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Read it").setExact(true)).focus();
        page.keyboard().press("Enter");
        assertThat(page).hasURL("/portal/expectations");
        assertThat(page.getByText("Therapy here is joint work.")).isVisible();
        Axe.assertNoSeriousViolations(page);
        fitsThePhone(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I have read this")).focus();
        page.keyboard().press("Enter");

        assertThat(page).hasURL("/portal");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Thank you. We have recorded that you read it.");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Read about it and decide")).focus();
        page.keyboard().press("Enter");
        assertThat(page).hasURL("/portal/consent");
        Axe.assertNoSeriousViolations(page);
        fitsThePhone(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("I agree to fill in questionnaires"))
                .focus();
        page.keyboard().press("Enter");

        assertThat(page).hasURL("/portal");
        assertThat(page.getByText("You have agreed to fill in questionnaires.")).isVisible();
        assertThat(page.getByText("There is nothing for you to do right now.")).isVisible();
    }

    @Test
    void theAdministratorsStatementPageIsAccessible(Page page) {
        LoginForm.signIn(page, practice.create().adminEmail(), TestPractice.PASSWORD);
        page.navigate("/admin/settings");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("What clients can expect: edit the"
                + " expectations statement")).click();
        assertThat(page).hasURL("/admin/expectations");
        assertThat(page).hasTitle("What clients can expect · Outgrow");
        Axe.assertNoSeriousViolations(page);
    }

    private static void fitsThePhone(Page page) {
        int pageWidth = (int) page.evaluate("document.documentElement.scrollWidth");
        assertThat(pageWidth).as("page width on a %d px wide phone", Phone.WIDTH).isLessThanOrEqualTo(Phone.WIDTH);
    }
}
