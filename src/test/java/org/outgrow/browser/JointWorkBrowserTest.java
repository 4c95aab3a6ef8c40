package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client prepares the next session and logs a between-session task; the therapist reads both on
 * the sessions page, signs a progress note, writes a process note, tags a dynamic and brings the case to
 * supervision, where the supervisor sees the question (not the process note) and records what was
 * agreed. Every page passes axe-core.
 */
@BrowserTest
class JointWorkBrowserTest {

    @Autowired
    TestPractice practice;

    @Autowired
    TestClock clock;

    @Test
    void theClientPreparesAndLogsAndTheTherapistReadsBothThenTakesTheCaseToSupervision(Page therapist, Page client,
                                                                                      Page supervisor) {
        TestPractice.People people = practice.create();
        LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(1);
        LoginForm.signIn(therapist, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Episodes")).click();
        button(therapist, "Open an episode").click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sessions and attendance")).click();
        therapist.getByLabel("Date").fill(tomorrow.toString());
        therapist.getByLabel("Time").fill("10:00");
        therapist.getByLabel("Length in minutes").fill("50");
        button(therapist, "Schedule").click();
        therapist.getByLabel("Task or experiment").fill("Say no once this week");
        button(therapist, "Agree the task").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The task is agreed.");

        LoginForm.signIn(client, people.clientEmail(), TestPractice.PASSWORD);
        client.navigate("/portal/sessions");
        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Prepare for this session")).click();
        client.getByLabel("What I want to bring").fill("My sister's visit");
        client.getByLabel("How the time since our last session went").fill("Slept better");
        Axe.assertNoSeriousViolations(client);
        button(client, "Save").click();
        assertThat(client.getByRole(AriaRole.STATUS)).containsText("Your therapist will read it");
        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Between sessions").setExact(true))
                .first().click();
        client.getByText("I tried it", new Page.GetByTextOptions().setExact(true)).click();
        client.getByLabel("How well it went, from 0 (not at all) to 10 (very well)").fill("7");
        client.getByLabel("What I learned (optional)").fill("Nobody was angry");
        button(client, "Save").click();
        assertThat(client.getByText("Learned: Nobody was angry")).isVisible();
        Axe.assertNoSeriousViolations(client);

        therapist.reload();
        assertThat(therapist.getByText("My sister's visit")).isVisible();
        assertThat(therapist.getByText("Learned: Nobody was angry")).isVisible();
        assertThat(therapist.getByText("Tried 1 of 1 tasks at least once (100%).")).isVisible();
        Axe.assertNoSeriousViolations(therapist);

        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the episode")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Progress notes")).click();
        therapist.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill("Talked about saying no.");
        button(therapist, "Save as draft").click();
        button(therapist, "Sign").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The note is signed.");
        Axe.assertNoSeriousViolations(therapist);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the episode")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Process notes")).click();
        therapist.getByLabel("A new process note").fill("I felt the pull to rescue.");
        button(therapist, "Seal and save").click();
        assertThat(therapist.getByText("I felt the pull to rescue.")).isVisible();
        Axe.assertNoSeriousViolations(therapist);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the episode")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("The relationship")).click();
        therapist.getByLabel("Urge to rescue or fix").check();
        button(therapist, "Save").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("Saved.");
        Axe.assertNoSeriousViolations(therapist);
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to the episode")).click();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Supervision").setExact(true))
                .click();
        therapist.getByLabel("Your question").fill("How do I stop rescuing?");
        button(therapist, "Bring to supervision").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The case is brought to supervision.");
        Axe.assertNoSeriousViolations(therapist);

        LoginForm.signIn(supervisor, people.supervisorEmail(), TestPractice.PASSWORD);
        supervisor.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(
                java.util.regex.Pattern.compile("From Theo Therapist"))).click();
        assertThat(supervisor.getByText("How do I stop rescuing?")).isVisible();
        assertThat(supervisor.getByText("I felt the pull to rescue.")).not().isVisible();
        supervisor.getByLabel("Agreed actions").fill("Name the pattern with the client");
        button(supervisor, "Record the supervision").click();
        assertThat(supervisor.getByRole(AriaRole.STATUS)).hasText("The supervision is recorded.");
        Axe.assertNoSeriousViolations(supervisor);
    }

    private static com.microsoft.playwright.Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
