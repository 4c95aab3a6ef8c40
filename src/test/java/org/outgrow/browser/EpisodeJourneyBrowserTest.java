package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A therapist and a client, each in their own browser, take an episode from intake through the
 * agreed work and the ending phase to its end, each doing their own part; every page they use
 * passes axe-core.
 */
@BrowserTest
class EpisodeJourneyBrowserTest {

    @Autowired
    TestPractice practice;

    @Test
    void therapistAndClientCarryAnEpisodeToItsEnd(Page therapist, Page client) {
        TestPractice.People people = practice.create();
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Berlin")); // the test practice's time zone
        LoginForm.signIn(therapist, people.therapistEmail(), TestPractice.PASSWORD);
        LoginForm.signIn(client, people.clientEmail(), TestPractice.PASSWORD);

        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Episodes")).click();
        Axe.assertNoSeriousViolations(therapist);
        button(therapist, "Open an episode").click();
        assertThat(therapist.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1)))
                .hasText("Episode with Cleo Client");
        button(therapist, "Begin assessment").click();
        Axe.assertNoSeriousViolations(therapist);

        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My agreement and goals")).click();
        client.getByLabel("Something I want to change").fill("I never say no to my sister");
        button(client, "Add").click();
        assertThat(client.getByText("Written by you")).isVisible();
        button(client, "Yes, I want to change this").click();
        assertThat(client.getByText("You said you want to change this.")).isVisible();
        Axe.assertNoSeriousViolations(client);

        therapist.reload();
        therapist.getByLabel("The difficulty it causes or keeps up").fill("Resentment and sleepless nights");
        button(therapist, "Save the difficulty").click();
        therapist.getByLabel("Yes").check();
        therapist.getByLabel("Your reason").fill("A relational pattern we can work on");
        button(therapist, "Save judgement").click();
        button(therapist, "Agree as a goal").click();
        assertThat(therapist.getByText("Agreed goal", new Page.GetByTextOptions().setExact(true))).isVisible();
        therapist.getByLabel("Frequency").fill("Weekly");
        therapist.getByLabel("The therapist commits to").fill("Start and end on time");
        therapist.getByLabel("The client commits to").fill("Bring what matters this week");
        button(therapist, "Save the agreement").click();
        button(therapist, "Begin the agreed work").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The agreed work has begun.");
        assertThat(therapist.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record the review")))
                .isVisible();
        Axe.assertNoSeriousViolations(therapist);

        client.reload();
        button(client, "I have read this and agree").click();
        client.getByLabel("Where am I now with this goal, from 0 to 10?").fill("3");
        button(client, "Save my rating").click();
        assertThat(client.getByText("3/10")).isVisible();
        Axe.assertNoSeriousViolations(client);

        therapist.reload();
        assertThat(therapist.getByText("first rated 3/10, latest 3/10")).isVisible();
        therapist.getByLabel("Begin the ending phase").check();
        therapist.getByLabel("What you decided together (optional)").fill("Enough has changed to begin ending");
        button(therapist, "Record the review").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).containsText("Set the ending date");
        therapist.getByLabel("Last session (ending date)").fill(today.plusWeeks(3).toString());
        button(therapist, "Begin the ending phase").click();

        client.reload();
        client.getByLabel("What I carry forward").fill("Say no once a week and notice what happens");
        button(client, "Save my plan").click();
        Axe.assertNoSeriousViolations(client);

        therapist.reload();
        assertThat(therapist.getByText("Say no once a week and notice what happens")).isVisible();
        therapist.getByLabel("How it ended").selectOption("PLANNED");
        therapist.getByLabel("Where the client stands at the end").selectOption("IMPROVED");
        button(therapist, "End the episode").click();
        assertThat(therapist.getByText("Ended: Planned ending. At the end: Improved.")).isVisible();
        assertThat(therapist.getByText("Follow-up due on " + today.plusMonths(3))).isVisible();
        Axe.assertNoSeriousViolations(therapist);
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
