package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.outgrow.browser.Inert.payload;
import static org.outgrow.browser.Inert.shortPayload;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Test;
import org.outgrow.clients.Intake;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Checklist T21 in Chromium: script, markup, {@code javascript:} addresses and Thymeleaf expressions
 * typed through the real forms into every free-text field that clients and staff write stay text on
 * every page that shows them to the therapist, the client, the supervisor and the administrator:
 * no dialog opens, the Content Security Policy is never violated, no handler attribute or inline
 * script reaches the DOM and no expression is evaluated.
 */
@BrowserTest
class StoredXssBrowserTest {

    @Autowired
    TestPractice practice;

    @Autowired
    Intake intake;

    @Autowired
    TestClock clock;

    private final Inert inert = new Inert();
    private final List<String> typed = new ArrayList<>();

    @Test
    void theWatchSeesADialogAndACspViolation(Page page) {
        inert.watch(page);
        page.navigate("/login");
        page.evaluate("() => alert(1)");
        page.evaluate("() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=alert(2)>')");
        page.waitForCondition(() -> !inert.violations.isEmpty());
        org.assertj.core.api.Assertions.assertThat(inert.dialogs).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(inert.violations).anyMatch(v -> v.contains("script-src"));
        inert.look(page, "control", List.of());
        org.assertj.core.api.Assertions.assertThat(inert.problems).anyMatch(p -> p.contains("IMG onerror"));
    }

    @Test
    void whatAnyoneTypesStaysTextOnEveryPageThatShowsIt(Page admin, Page therapist, Page client, Page supervisor) {
        TestPractice.People people = practice.create();
        practice.inPractice(people, () -> intake.decideMeasurement(people.client(), true));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        for (Page page : List.of(admin, therapist, client, supervisor)) {
            inert.watch(page);
        }

        LoginForm.signIn(admin, people.adminEmail(), TestPractice.PASSWORD);
        admin.navigate("/admin/settings");
        admin.getByLabel("Practice name").fill(type(payload("practice-name")));
        admin.getByLabel("Crisis resources").fill(type(payload("crisis-resources")));
        button(admin, "Save settings").click();
        assertThat(admin.getByRole(AriaRole.STATUS)).hasText("Settings saved.");
        admin.navigate("/admin/expectations");
        admin.getByLabel("Expectations statement").fill(type(payload("expectations")));
        button(admin, "Publish").click();
        admin.navigate("/admin");
        admin.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(type(payload("staff-name")));
        admin.getByLabel("E-mail address").fill("new.staff@" + people.slug() + ".test");
        admin.getByLabel("Therapist", new Page.GetByLabelOptions().setExact(true)).check();
        button(admin, "Send invitation").click();
        admin.navigate("/admin/dynamics");
        admin.getByLabel("Term").fill(type(shortPayload("dynamic-term")));
        button(admin, "Add").click();

        LoginForm.signIn(therapist, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.navigate("/clients/new");
        therapist.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(type(payload("client-name")));
        button(therapist, "Register").click();
        therapist.navigate("/caseload");
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Cleo Client")).click();
        String clientPage = therapist.url();
        therapist.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Episodes")).click();
        button(therapist, "Open an episode").click();
        String episode = therapist.url();
        button(therapist, "Begin assessment").click();
        therapist.getByLabel("A focus in the client's own words").fill(type(payload("focus-by-therapist")));
        button(therapist, "Record this focus").click();
        Locator focus = card(therapist, "focus-by-therapist");
        focus.getByLabel("The difficulty it causes or keeps up").fill(type(payload("focus-difficulty")));
        focus.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save the difficulty")).click();
        focus = card(therapist, "focus-by-therapist");
        focus.getByLabel("Yes").check();
        focus.getByLabel("Your reason").fill(type(payload("focus-reason")));
        focus.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save judgement")).click();

        LoginForm.signIn(client, people.clientEmail(), TestPractice.PASSWORD);
        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My agreement and goals")).click();
        String portalEpisode = client.url();
        card(client, "focus-by-therapist").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName("Yes, I want to change this")).click();
        client.getByLabel("Something I want to change").fill(type(payload("focus-by-client")));
        button(client, "Add").click();
        assertThat(client.getByText("Written by you")).isVisible();

        therapist.reload();
        card(therapist, "focus-by-therapist").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName("Agree as a goal")).click();
        therapist.getByLabel("Frequency").fill(type(payload("agreement-frequency")));
        therapist.getByLabel("The therapist commits to").fill(type(payload("agreement-therapist")));
        therapist.getByLabel("The client commits to").fill(type(payload("agreement-client")));
        button(therapist, "Save the agreement").click();
        button(therapist, "Begin the agreed work").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The agreed work has begun.");
        client.reload();
        button(client, "I have read this and agree").click();
        client.getByLabel("Where am I now with this goal, from 0 to 10?").fill("3");
        button(client, "Save my rating").click();

        Locator clientsFocus = card(therapist, "focus-by-client");
        clientsFocus.getByLabel("No", new Locator.GetByLabelOptions().setExact(true)).check();
        clientsFocus.getByLabel("Your reason").fill(type(payload("focus-reason-no")));
        clientsFocus.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save judgement")).click();
        clientsFocus = card(therapist, "focus-by-client");
        clientsFocus.getByLabel("Referral or note (where this belongs instead)").fill(type(payload("focus-out-of-scope")));
        clientsFocus.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Record as out of scope"))
                .click();
        therapist.getByLabel("Continue as agreed").check();
        therapist.getByLabel("What you decided together (optional)").fill(type(payload("review-note")));
        button(therapist, "Record the review").click();
        therapist.getByLabel("Why it was renegotiated").fill(type(payload("renegotiation-reason")));
        button(therapist, "Save as a new version").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).containsText("The agreement is saved.");

        therapist.navigate(episode + "/sessions");
        therapist.getByLabel("Date").fill(today.plusDays(1).toString());
        therapist.getByLabel("Time").fill("10:00");
        therapist.getByLabel("Length in minutes").fill("50");
        button(therapist, "Schedule").click();
        therapist.getByLabel("Task or experiment").fill(type(payload("task-by-therapist")));
        button(therapist, "Agree the task").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The task is agreed.");

        therapist.navigate(episode + "/notes");
        therapist.getByLabel("Note", new Page.GetByLabelOptions().setExact(true)).fill(type(payload("progress-note")));
        button(therapist, "Save as draft").click();
        button(therapist, "Sign").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The note is signed.");
        therapist.getByLabel("Add an addendum").fill(type(payload("addendum")));
        button(therapist, "Add").click();
        therapist.navigate(episode + "/process-notes");
        therapist.getByLabel("A new process note").fill(type(payload("process-note")));
        button(therapist, "Seal and save").click();
        therapist.navigate(episode + "/dynamics");
        therapist.getByLabel(Inert.shortPayload("dynamic-term")).check();
        button(therapist, "Save").click();
        therapist.locator("#howRepaired").fill(type(payload("rupture-repaired")));
        button(therapist, "Record the rupture").click();
        therapist.navigate(episode + "/supervision");
        therapist.getByLabel("Your question").fill(type(payload("supervision-question")));
        button(therapist, "Bring to supervision").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The case is brought to supervision.");
        therapist.navigate(episode + "/measures");
        therapist.getByLabel("Questionnaire").first().selectOption("phq-9");
        therapist.getByLabel("Also e-mail a single-use link").uncheck();
        button(therapist, "Ask the client").click();
        therapist.navigate("/account/api-tokens");
        therapist.getByLabel("Name").fill(type(shortPayload("token-name")));
        therapist.getByLabel("Submit questionnaire answers").check();
        button(therapist, "Create token").click();

        client.navigate("/portal/sessions");
        client.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Prepare for this session")).click();
        String preparation = client.url();
        client.getByLabel("What I want to bring").fill(type(payload("preparation-bring")));
        client.getByLabel("How the time since our last session went").fill(type(payload("preparation-since")));
        button(client, "Save").click();
        client.navigate("/portal/tasks");
        Locator task = card(client, "task-by-therapist");
        task.getByText("I tried it", new Locator.GetByTextOptions().setExact(true)).click();
        task.getByLabel("How well it went, from 0 (not at all) to 10 (very well)").fill("7");
        task.getByLabel("What I learned (optional)").fill(type(payload("task-learned")));
        task.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        client.getByLabel("What I want to try before our next session").fill(type(payload("task-by-client")));
        button(client, "Propose it").click();
        client.navigate("/portal/questionnaires");
        client.locator("a[href^='/portal/questionnaires/']").first().click();
        for (int item = 1; item <= 9; item++) {
            client.locator("#q-phq9_" + item).getByLabel("Several days", new Locator.GetByLabelOptions()
                    .setExact(true)).check();
        }
        button(client, "Send my answers").click();
        assertThat(client.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("If you need help now")))
                .isVisible();
        look(client, "client");

        therapist.navigate(episode + "/measures");
        // Kept with the alert; no page shows it again, so it is watched only as it is typed and sent.
        therapist.getByLabel("What you did about it").fill(payload("alert-resolution"));
        button(therapist, "Resolve").click();
        assertThat(therapist.getByRole(AriaRole.STATUS)).hasText("The alert is resolved.");

        LoginForm.signIn(supervisor, people.supervisorEmail(), TestPractice.PASSWORD);
        supervisor.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("From Theo Therapist")))
                .click();
        String supervisionCase = supervisor.url();
        supervisor.getByLabel("What we discussed (optional)").fill(type(payload("supervision-discussion")));
        supervisor.getByLabel("Agreed actions").fill(type(payload("supervision-actions")));
        button(supervisor, "Record the supervision").click();
        assertThat(supervisor.getByRole(AriaRole.STATUS)).hasText("The supervision is recorded.");

        therapist.navigate(episode);
        therapist.getByLabel("Ending date").fill(today.plusDays(14).toString());
        button(therapist, "Begin the ending phase").click();
        client.navigate(portalEpisode);
        client.getByLabel("What I carry forward").fill(type(payload("ending-plan")));
        button(client, "Save my plan").click();

        admin.navigate("/admin/emergency");
        admin.getByLabel("Client").selectOption(new com.microsoft.playwright.options.SelectOption()
                .setLabel("Cleo Client"));
        admin.getByLabel("Why you need access now (at least 10 characters)").fill(type(payload("emergency-reason")));
        admin.getByLabel("To confirm it is you: your password").fill(TestPractice.PASSWORD);
        button(admin, "Open the record for one hour").click();
        String emergencyRecord = admin.url();

        for (String path : List.of("/caseload", "/clients", clientPage, clientPage + "/episodes", episode,
                episode + "/sessions", episode + "/notes", episode + "/process-notes", episode + "/dynamics",
                episode + "/supervision", episode + "/measures", "/alerts", "/account/api-tokens")) {
            visit(therapist, "therapist", path);
        }
        for (String path : List.of("/portal", portalEpisode, "/portal/sessions", preparation, "/portal/tasks",
                "/portal/expectations", "/portal/access-history", "/portal/notes", "/portal/progress")) {
            visit(client, "client", path);
        }
        for (String path : List.of("/supervision", supervisionCase)) {
            visit(supervisor, "supervisor", path);
        }
        for (String path : List.of("/admin", "/admin/settings", "/admin/expectations", "/admin/dynamics",
                "/admin/emergency", emergencyRecord)) {
            visit(admin, "admin", path);
        }

        for (var pdf : List.of(therapist.request().get(episode + "/progress.pdf"),
                client.request().get("/portal/progress.pdf"))) {
            org.assertj.core.api.Assertions.assertThat(pdf.status()).isEqualTo(200);
            org.assertj.core.api.Assertions.assertThat(textOf(pdf.body())).as("the progress report as text")
                    .contains("practice-name", "focus-by-therapist", "<imgsrc=xonerror=alert(1)>", "${7*7}",
                            "[[${7*7}]]", "[(${7*7})]", "__${7*7}__::.x").doesNotContain("49::.x");
        }

        // Last, as the run's only agreed goal was needed until now (the report above shows it).
        therapist.navigate(episode);
        Locator goal = card(therapist, "focus-by-therapist");
        goal.getByLabel("Why it is set aside").fill(type(payload("set-aside-note")));
        goal.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Set aside")).click();
        visit(therapist, "therapist", episode);
        visit(client, "client", portalEpisode);

        org.assertj.core.api.Assertions.assertThat(inert.dialogs).as("dialogs opened").isEmpty();
        org.assertj.core.api.Assertions.assertThat(inert.violations).as("CSP violations").isEmpty();
        org.assertj.core.api.Assertions.assertThat(inert.problems).as("code or evaluated expressions").isEmpty();
        org.assertj.core.api.Assertions.assertThat(typed.stream().filter(text -> !inert.shown.contains(text)))
                .as("what no page shows as text, verbatim, of " + inert.looked).isEmpty();
    }

    /** The PDF's text without white space, which PDFBox breaks where the layout wrapped lines. */
    private static String textOf(byte[] pdf) {
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            return new org.apache.pdfbox.text.PDFTextStripper().getText(document).replaceAll("\\s+", "");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String type(String payload) {
        typed.add(payload);
        return payload;
    }

    private void visit(Page page, String who, String path) {
        page.navigate(path);
        look(page, who);
    }

    private void look(Page page, String who) {
        inert.look(page, who, typed);
    }

    private static Locator card(Page page, String marker) {
        return page.locator("article.card").filter(new Locator.FilterOptions().setHasText(marker));
    }

    private static Locator button(Page page, String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }
}
