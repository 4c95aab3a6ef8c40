package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checklist T8 and T9 as Chromium sees them: the one cookie it keeps is the host-only, secure,
 * HTTP-only, same-site session cookie, renewed by signing in; after signing out, Back shows no
 * clinical page from the browser's cache; a therapist left idle is signed out.
 */
@BrowserTest
class SessionBrowserTest {

    private static final Pattern SIGN_IN = Pattern.compile(".*/login(\\?.*)?$");

    @Autowired
    TestPractice practice;

    @Autowired
    TestClock clock;

    @Test
    void theOnlyCookieIsTheHostOnlySecureHttpOnlySameSiteSessionCookieAndSigningInRenewsIt(Page page) {
        TestPractice.People people = practice.create();
        page.navigate("/login");
        List<Cookie> before = page.context().cookies();

        LoginForm.signIn(page, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(page).hasURL(Pattern.compile(".*/caseload$"));
        List<Cookie> cookies = page.context().cookies();

        org.assertj.core.api.Assertions.assertThat(cookies).as("cookies the browser holds").hasSize(1);
        Cookie session = cookies.getFirst();
        org.assertj.core.api.Assertions.assertThat(session.name).startsWith("__Host-");
        org.assertj.core.api.Assertions.assertThat(session.secure).as("Secure").isTrue();
        org.assertj.core.api.Assertions.assertThat(session.httpOnly).as("HttpOnly").isTrue();
        org.assertj.core.api.Assertions.assertThat(session.sameSite).as("SameSite")
                .isIn(SameSiteAttribute.LAX, SameSiteAttribute.STRICT);
        org.assertj.core.api.Assertions.assertThat(session.path).isEqualTo("/");
        org.assertj.core.api.Assertions.assertThat(session.domain).as("host-only: no leading dot")
                .isEqualTo("localhost");
        org.assertj.core.api.Assertions.assertThat(session.expires).as("ends with the browser").isEqualTo(-1);
        org.assertj.core.api.Assertions.assertThat(page.url()).doesNotContainIgnoringCase("jsessionid")
                .doesNotContain(session.value);
        org.assertj.core.api.Assertions.assertThat(page.evaluate("document.cookie")).as("not readable by scripts")
                .isEqualTo("");
        for (Cookie earlier : before) {
            org.assertj.core.api.Assertions.assertThat(earlier.value).as("the session before signing in")
                    .isNotEqualTo(session.value);
        }
    }

    @Test
    void afterSigningOutBackShowsNoClinicalPage(Page page) {
        TestPractice.People people = practice.create();
        LoginForm.signIn(page, people.therapistEmail(), TestPractice.PASSWORD);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .containsText("Cleo Client");
        assertThat(page.getByText(people.clientEmail())).isVisible();

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        assertThat(page.getByText("You have signed out.")).isVisible();

        page.goBack();
        assertThat(page).hasURL(SIGN_IN);
        assertThat(page.locator("body")).not().containsText("Cleo Client");
        assertThat(page.getByLabel("E-mail address")).isVisible();
        page.goBack();
        assertThat(page).hasURL(SIGN_IN);
        assertThat(page.locator("body")).not().containsText("Cleo Client");
    }

    @Test
    void aTherapistLeftIdleForFifteenMinutesIsSignedOut(Page page) {
        TestPractice.People people = practice.create();
        LoginForm.signIn(page, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(page.locator("main")).containsText("Cleo Client");

        clock.advance(Duration.ofMinutes(14));
        page.reload();
        assertThat(page.locator("main")).containsText("Cleo Client");

        clock.advance(Duration.ofMinutes(15).plusSeconds(1));
        page.reload();
        assertThat(page).hasURL(SIGN_IN);
        assertThat(page.locator("body")).not().containsText("Cleo Client");
    }
}
