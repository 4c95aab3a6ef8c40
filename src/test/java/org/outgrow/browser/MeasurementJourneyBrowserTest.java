package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.clients.Intake;
import org.outgrow.testing.Inbox;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A client answers a PHQ-9 from an e-mailed link without signing in; an answer on the self-harm
 * question shows them the practice's crisis resources at once. The therapist sees the score, its
 * band and the chart, resolves the risk alert with a note, and finds the new score on the caseload.
 * Every page passes axe-core.
 */
@BrowserTest
@TestPropertySource(properties = {"spring.mail.host=localhost", "spring.mail.port=3025"})
class MeasurementJourneyBrowserTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Pattern LINK = Pattern.compile("http://localhost(/q/[\\w-]+)");

    @Autowired
    TestPractice practice;

    @Autowired
    Intake intake;

    @Test
    void aClientAnswersFromAnEmailedLinkAndTheTherapistResolvesTheRiskAlert(Page therapist, Page client)
            throws Exception {
        TestPractice.People people = practice.create();
        practice.inPractice(people, () -> intake.decideMeasurement(people.client(), true));
        LoginForm.signIn(therapist, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Episodes")).click();
        button(therapist, "Open an episode").click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Measures and progress")).click();
        therapist.getByLabel("Questionnaire").first().selectOption("phq-9");
        button(therapist, "Ask the client").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).containsText("a link is on its way");
        Axe.assertNoSeriousViolations(therapist);

        client.navigate(linkIn(mailTo(people.clientEmail())));
        assertThat(client.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("PHQ-9");
        Axe.assertNoSeriousViolations(client);
        String[] answers = {"More than half the days", "Nearly every day", "More than half the days",
                "Nearly every day", "Several days", "More than half the days", "Several days", "Not at all",
                "Several days"};
        for (int item = 0; item < answers.length; item++) {
            client.locator("#q-phq9_" + (item + 1)).getByLabel(answers[item], new com.microsoft.playwright.Locator
                    .GetByLabelOptions().setExact(true)).check();
        }
        button(client, "Send my answers").click();
        assertThat(client).hasURL(Pattern.compile(".*/q/answered$"));
        assertThat(client.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("If you need help now")))
                .isVisible();
        assertThat(client.getByText("Call 112 in an emergency.")).isVisible();
        Axe.assertNoSeriousViolations(client);

        therapist.reload();
        assertThat(therapist.locator("#progress-phq-9")).containsText("15");
        assertThat(therapist.locator("#progress-phq-9")).containsText("moderately severe");
        assertThat(therapist.locator("#progress-phq-9 svg[role=img]")).isVisible();
        assertThat(therapist.locator("#alerts ~ article").first()).containsText("Risk");
        Axe.assertNoSeriousViolations(therapist);
        therapist.getByLabel("What you did about it").fill("Phoned Cleo the same afternoon; safety plan agreed");
        button(therapist, "Resolve").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The alert is resolved.");
        assertThat(therapist.getByText("No open alerts.")).isVisible();

        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My caseload")).click();
        assertThat(therapist.locator("table.caseload tbody tr").first()).containsText("Cleo Client");
        assertThat(therapist.locator("table.caseload tbody tr").first()).containsText("PHQ-9 15");
        Axe.assertNoSeriousViolations(therapist);
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
    }

    private static MimeMessage mailTo(String recipient) throws InterruptedException {
        return Inbox.mailTo(smtp, recipient);
    }

    private static String linkIn(MimeMessage message) {
        return Inbox.link(message, LINK);
    }
}
