package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/** An administrator, on a phone, records a client's erasure request; the page passes axe-core and fits the screen. */
@BrowserTest
class ErasureBrowserTest {

    @Autowired
    TestPractice practice;

    @Test
    @Phone
    void theAdministratorRecordsAnErasureRequest(Page page) {
        TestPractice.People people = practice.create();
        LoginForm.signIn(page, people.adminEmail(), TestPractice.PASSWORD);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Erasure")).click();
        assertThat(page.getByText("No client has asked to be erased.")).isVisible();
        Axe.assertNoSeriousViolations(page);

        page.getByLabel("Client who asked to be erased").selectOption(new SelectOption().setLabel("Otto Other"));
        page.getByLabel("To confirm it is you: your password").fill(TestPractice.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Erase what can be erased now")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Done. The client's access and contact details are gone");
        assertThat(page.locator("table")).containsText("Otto Other");
        Axe.assertNoSeriousViolations(page);
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as("no sideways scrolling").isEqualTo(false);
    }
}
