package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.outgrow.identity.Role;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Clients mostly come on their phones, and staff sometimes do: every home fits a phone screen
 * without sideways scrolling, its heading in view.
 */
@BrowserTest
class PhoneLayoutTest {

    @Autowired
    TestPractice practice;

    @ParameterizedTest
    @EnumSource(Role.class)
    @Phone
    void homeFitsAPhoneScreen(Role role, Page page) {
        Home home = Home.of(role, practice.create());

        LoginForm.signIn(page, home.email(), TestPractice.PASSWORD);

        assertThat(page).hasURL(home.path());
        Locator heading = page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
        assertThat(heading).hasText(home.heading());
        assertThat(heading).isInViewport();
        int pageWidth = (int) page.evaluate("document.documentElement.scrollWidth");
        assertThat(pageWidth).as("page width on a %d px wide phone", Phone.WIDTH).isLessThanOrEqualTo(Phone.WIDTH);
    }
}
