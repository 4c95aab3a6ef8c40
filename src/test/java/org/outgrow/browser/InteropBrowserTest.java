package org.outgrow.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ActiveProfiles;

/**
 * The demo practice as its integrations see it: a therapist creates an API token and a FHIR
 * client reads Robin's record and posts an answer that raises the same risk alert a portal answer
 * would; Robin downloads a copy of their records; the administrator imports a CSV of old answers.
 * Every page passes axe-core.
 */
@BrowserTest
@ActiveProfiles("demo")
class InteropBrowserTest {

    @Test
    void aFhirClientWithATherapistsTokenReadsTheDemoAndItsRiskAnswerOpensAnAlert(Page page) {
        LoginForm.signIn(page, "sam.okafor@outgrow-demo.test", "outgrow demo 2026");
        page.navigate("/account");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("API tokens for the FHIR interface")).click();
        page.getByLabel("Name").fill("Records system");
        page.getByLabel("Submit questionnaire answers").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create token")).click();
        String token = page.getByLabel("Your new token").inputValue();
        Axe.assertNoSeriousViolations(page);

        var api = page.context().request();
        RequestOptions bearer = RequestOptions.create().setHeader("Authorization", "Bearer " + token);
        APIResponse patients = api.get("/fhir/r4/Patient", bearer);
        org.assertj.core.api.Assertions.assertThat(patients.status()).isEqualTo(200);
        String bundle = patients.text();
        org.assertj.core.api.Assertions.assertThat(bundle).contains("Robin Hale");
        String robin = patientId(bundle, "Robin Hale");

        StringBuilder items = new StringBuilder();
        for (int item = 1; item <= 9; item++) {
            items.append(item > 1 ? "," : "").append("{\"linkId\":\"phq9_").append(item)
                    .append("\",\"answer\":[{\"valueInteger\":").append(item == 9 ? 1 : 1).append("}]}");
        }
        String response = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
                + "\"questionnaire\":\"https://fhir.outgrow.org/Questionnaire/phq-9\","
                + "\"subject\":{\"reference\":\"Patient/" + robin + "\"},\"item\":[" + items + "]}";
        APIResponse created = api.post("/fhir/r4/QuestionnaireResponse", RequestOptions.create()
                .setHeader("Authorization", "Bearer " + token).setHeader("Content-Type", "application/fhir+json")
                .setData(response));
        org.assertj.core.api.Assertions.assertThat(created.status()).isEqualTo(201);

        page.navigate("/alerts");
        assertThat(page.locator("main")).containsText("Robin Hale");
        assertThat(page.locator("main")).containsText("Risk");
    }

    @Test
    void robinDownloadsACopyOfTheirRecords(Page page) throws Exception {
        LoginForm.signIn(page, "robin.hale@outgrow-demo.test", "outgrow demo 2026");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("My data")).click();
        Axe.assertNoSeriousViolations(page);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Prepare a copy of my records")).click();
        // The PDF inside takes a moment to render; on a loaded machine longer than the default wait.
        Download download = page.waitForDownload(new Page.WaitForDownloadOptions().setTimeout(60_000),
                () -> page.getByRole(AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Download my records"))
                        .click(new com.microsoft.playwright.Locator.ClickOptions().setTimeout(60_000)));
        org.assertj.core.api.Assertions.assertThat(download.suggestedFilename()).isEqualTo("outgrow-records.zip");
        org.assertj.core.api.Assertions.assertThat(Files.size(download.path())).isGreaterThan(1000);
        Axe.assertNoSeriousViolations(page);
    }

    @Test
    void theAdministratorImportsACsvOfOldAnswersAndWatchesItFinish(Page page) throws Exception {
        LoginForm.signIn(page, "admin@outgrow-demo.test", "outgrow demo 2026");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Imports")).click();
        Axe.assertNoSeriousViolations(page);
        Path csv = Files.createTempFile("gad7", ".csv");
        Files.writeString(csv, "client,date,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7\n"
                + "Paper client 1,2024-03-04,2,2,2,2,1,1,1\nPaper client 1,2024-04-01,1,1,1,1,0,0,0\n",
                StandardCharsets.UTF_8);
        page.getByLabel("CSV, one questionnaire").check();
        page.getByLabel("Questionnaire (CSV only)").selectOption(
                new com.microsoft.playwright.options.SelectOption().setValue("gad-7"));
        page.getByLabel("File").setInputFiles(csv);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and import")).click();
        assertThat(page.getByText("Done: everything was imported.")).isVisible(
                new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions().setTimeout(30_000));
        Axe.assertNoSeriousViolations(page);
        Files.delete(csv);
    }

    private static String patientId(String bundle, String name) {
        int at = bundle.indexOf(name);
        int id = bundle.lastIndexOf("\"id\":\"", at);
        return bundle.substring(id + 6, bundle.indexOf('"', id + 6));
    }
}
