package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo administrator, on a phone, hands Kwame Mensah over from Jana Weber to Sam Okafor and
 * back again (so the demo practice is as it was for the other tests); the pages pass axe-core and
 * fit the screen.
 */
@BrowserTest
@ActiveProfiles("demo")
class HandoverBrowserTest {

    @Test
    @Phone
    void theAdministratorHandsAClientOverAndBack(Page page) {
        LoginForm.signIn(page, "admin@outgrow-demo.test", "outgrow demo 2026");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Staff")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Hand clients over to another therapist"))
                .click();
        Axe.assertNoSeriousViolations(page);
        handOver(page, "Jana Weber", "Sam Okafor");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText(
                "The client is handed over. Their new therapist sees them in their caseload now.");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Kwame Mensah"))).hasCount(0);
        Axe.assertNoSeriousViolations(page);
        Object overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth");
        org.assertj.core.api.Assertions.assertThat(overflow).as("no sideways scrolling").isEqualTo(false);

        handOver(page, "Sam Okafor", "Jana Weber");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("The client is handed over.");
    }

    private static void handOver(Page page, String from, String to) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(from).setExact(true)).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(2)))
                .hasText("Clients in " + from + "'s care");
        Locator row = page.locator("tr", new Page.LocatorOptions().setHasText("Kwame Mensah"));
        row.getByRole(AriaRole.COMBOBOX).selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(to));
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Hand over")).click();
    }
}
