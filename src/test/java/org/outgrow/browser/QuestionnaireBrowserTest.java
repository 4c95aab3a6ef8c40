package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.clients.Intake;
import org.outgrow.testing.Inbox;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Checklist T7 and T10 in a real browser: an e-mailed questionnaire link leaves no trace of its secret
 * in the address bar or in a {@code Referer}, and a half-answered questionnaire in the portal survives
 * the client's session timing out and is stored once when finished.
 */
@BrowserTest
@TestPropertySource(properties = {"spring.mail.host=localhost", "spring.mail.port=3025"})
class QuestionnaireBrowserTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Pattern QUESTIONNAIRE_LINK = Pattern.compile("http://localhost(/q/[\\w-]+)");
    private static final Pattern SIGN_IN_LINK = Pattern.compile("http://localhost(/login/link/[\\w-]+)");
    private static final String[] ANSWERS = {"Several days", "Not at all", "More than half the days", "Several days",
            "Nearly every day", "Not at all", "Several days", "Not at all", "Not at all"};

    @Autowired
    TestPractice practice;

    @Autowired
    Intake intake;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEmailedLinkEndsOnAnAddressWithoutItsSecretAndNeverSendsItAsReferer(Page therapist, Page client)
            throws Exception {
        TestPractice.People people = practice.create();
        ask(therapist, people, true);
        String path = Inbox.link(Inbox.mailTo(smtp, people.clientEmail()), QUESTIONNAIRE_LINK);
        String token = path.substring("/q/".length());
        List<String> referers = new CopyOnWriteArrayList<>();
        List<String> requested = new CopyOnWriteArrayList<>();
        client.onRequest(request -> {
            requested.add(request.method() + " " + request.url());
            // headers(), not allHeaders(): the latter waits for the network's copy of the headers,
            // which Chromium never reports for some requests (the page's icon), and then hangs here.
            // The renderer's copy names Referer always; no-referrer leaves it empty.
            String referer = request.headers().get("referer");
            if (referer != null && !referer.isEmpty()) {
                referers.add(referer);
            }
        });

        client.navigate(path);
        assertThat(client.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).containsText("PHQ-9");
        answer(client, 0, ANSWERS.length);
        client.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my answers")).click();

        assertThat(client).hasURL(Pattern.compile(".*/q/answered$"));
        org.assertj.core.api.Assertions.assertThat(client.url()).doesNotContain(token);
        client.reload();
        org.assertj.core.api.Assertions.assertThat(client.url()).doesNotContain(token);
        org.assertj.core.api.Assertions.assertThat(requested).as("the form, its style sheet and the answers went out")
                .anyMatch(request -> request.startsWith("POST ") && request.contains(token))
                .anyMatch(request -> request.startsWith("GET ") && request.contains("/css/"))
                .anyMatch(request -> request.endsWith("/q/answered"));
        org.assertj.core.api.Assertions.assertThat(referers).as("no request says where it came from").isEmpty();
        org.assertj.core.api.Assertions.assertThat(responses(people)).isEqualTo(1);
    }

    @Test
    void answersGivenBeforeTheSessionTimedOutAreStillThereAfterSigningInAgainAndStoredOnce(Page therapist,
                                                                                            Page client)
            throws Exception {
        TestPractice.People people = practice.create();
        ask(therapist, people, false);
        LoginForm.signIn(client, people.clientEmail(), TestPractice.PASSWORD);
        client.navigate("/portal/questionnaires");
        client.locator("a[href^='/portal/questionnaires/']").filter(new Locator.FilterOptions().setHasText("PHQ-9"))
                .click();
        String questionnaire = client.url();
        for (int item = 0; item < 5; item++) {
            int number = item;
            // Each change saves a draft on the server (htmx); wait for it as the page would.
            client.waitForResponse(response -> response.url().endsWith("/draft") && response.ok(),
                    () -> answer(client, number, number + 1));
        }

        clock.advance(Duration.ofMinutes(31));
        client.reload();
        assertThat(client).hasURL(Pattern.compile(".*/login(\\?expired)?$"));
        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("E-mail me a sign-in link instead")).click();
        client.getByLabel("E-mail address").fill(people.clientEmail());
        client.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send me a link")).click();
        client.navigate(Inbox.link(Inbox.mailTo(smtp, people.clientEmail()), SIGN_IN_LINK));
        client.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in now")).click();
        assertThat(client).not().hasURL(Pattern.compile(".*/login.*"));

        client.navigate("/portal/questionnaires");
        assertThat(client.getByText("you have started this one")).isVisible();
        client.navigate(questionnaire);
        for (int item = 0; item < ANSWERS.length; item++) {
            Locator chosen = choice(client, item);
            if (item < 5) {
                assertThat(chosen).isChecked();
            } else {
                assertThat(chosen).not().isChecked();
            }
        }
        org.assertj.core.api.Assertions.assertThat(responses(people)).isZero();
        answer(client, 5, ANSWERS.length);
        client.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my answers")).click();
        assertThat(client).hasURL(Pattern.compile(".*/portal/questionnaires/answered$"));

        client.goBack();
        client.navigate("/portal/questionnaires");
        assertThat(client.getByText("Nothing to answer right now.")).isVisible();
        org.assertj.core.api.Assertions.assertThat(responses(people)).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThat(practice.inPractice(people, () -> jdbc.sql(
                "select total from measure_response where client_id = ?").param(people.client())
                .query(Double.class).single())).as("every answer counted, the early ones too").isEqualTo(8.0);
    }

    /** The therapist asks for a PHQ-9 in the client's episode, with or without an e-mailed link. */
    private void ask(Page therapist, TestPractice.People people, boolean email) {
        practice.inPractice(people, () -> intake.decideMeasurement(people.client(), true));
        LoginForm.signIn(therapist, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Episodes")).click();
        therapist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open an episode")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Measures and progress")).click();
        therapist.getByLabel("Questionnaire").first().selectOption("phq-9");
        therapist.getByLabel("Also e-mail a single-use link").setChecked(email);
        therapist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask the client")).click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).containsText("on the client's list");
    }

    private static void answer(Page page, int from, int to) {
        for (int item = from; item < to; item++) {
            choice(page, item).check();
        }
    }

    private static Locator choice(Page page, int item) {
        return page.locator("#q-phq9_" + (item + 1)).getByLabel(ANSWERS[item], new Locator.GetByLabelOptions()
                .setExact(true));
    }

    private int responses(TestPractice.People people) {
        return practice.inPractice(people, () -> jdbc.sql("select count(*) from measure_response where client_id = ?")
                .param(people.client()).query(Integer.class).single());
    }
}
