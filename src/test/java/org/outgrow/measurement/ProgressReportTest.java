package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.UUID;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The PDF progress report of a demo episode (Robin Hale's, with Sam Okafor), read back with PDFBox:
 * scores and instrument names are in it, notes are not, and the referrer's copy exists only while
 * Robin agrees.
 */
@OutgrowTest
@ActiveProfiles("demo")
class ProgressReportTest {

    private static final String PASSWORD = "outgrow demo 2026";

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    Visitor sam;
    Visitor robin;
    PracticeId demo;
    UUID episode;
    List<String> totals;

    @BeforeEach
    void signIn() throws Exception {
        sam = Visitor.signedIn(mvc, "sam.okafor@outgrow-demo.test", PASSWORD);
        robin = Visitor.signedIn(mvc, "robin.hale@outgrow-demo.test", PASSWORD);
        demo = PracticeId.of(jdbc.sql("select id from practice where slug = 'demo'").query(UUID.class)
                .single().toString());
        Tenancy.run(Tenancy.Context.of(demo), () -> transactions.executeWithoutResult(status -> {
            episode = jdbc.sql("""
                    select e.id from episode e join client c on c.practice_id = e.practice_id and c.id = e.client_id
                    where c.display_name = 'Robin Hale' order by e.opened_at desc limit 1""")
                    .query(UUID.class).single();
            totals = jdbc.sql("select total from measure_response where episode_id = ? and total is not null")
                    .params(episode).query(Double.class).list().stream().map(ProgressViews::format).toList();
        }));
        robin.perform(post("/portal/consent/referrer").param("given", "false").with(csrf()));
    }

    @Test
    void theClientsReportHoldsScoresAndInstrumentsAndNoNoteText() throws Exception {
        MockHttpServletResponse response = sam.perform(get("/episodes/" + episode + "/progress.pdf")).getResponse();

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition"))
                .matches("attachment; filename=\"progress-report-\\d{4}-\\d{2}-\\d{2}\\.pdf\"")
                .doesNotContainIgnoringCase("robin").doesNotContainIgnoringCase("hale");
        assertThat(response.getHeader("Cache-Control")).contains("no-store");
        String text = text(response.getContentAsByteArray());
        assertThat(totals).as("the demo episode has scores").isNotEmpty();
        assertThat(text).contains("Progress report", "Robin Hale", "Sam Okafor", "PHQ-9", "Goal ratings")
                .contains(totals);
        assertThat(text).as("progress notes and their addenda stay out")
                .doesNotContain("weekend", "guilt", "rumination diary");
        assertThat(text).doesNotContain("robin.hale@", "Risk question");
    }

    @Test
    void theReferrersReportIsRefusedWithoutTheClientsAgreementAndMadeWithIt() throws Exception {
        MockHttpServletResponse refused = sam.perform(get("/episodes/" + episode + "/progress-for-referrer.pdf"))
                .getResponse();
        assertThat(refused.getStatus()).isEqualTo(302);
        assertThat(refused.getRedirectedUrl()).isEqualTo("/episodes/" + episode + "/measures#report");
        assertThat(sam.perform(get("/episodes/" + episode + "/measures")).getResponse().getContentAsString())
                .doesNotContain("progress-for-referrer.pdf")
                .contains("has not agreed to a report for whoever referred them");

        robin.perform(post("/portal/consent/referrer").param("given", "true").with(csrf()));
        assertThat(sam.perform(get("/episodes/" + episode + "/measures")).getResponse().getContentAsString())
                .contains("/episodes/" + episode + "/progress.pdf", "/episodes/" + episode + "/progress-for-referrer.pdf");
        MockHttpServletResponse allowed = sam.perform(get("/episodes/" + episode + "/progress-for-referrer.pdf"))
                .getResponse();
        assertThat(allowed.getStatus()).isEqualTo(200);
        assertThat(allowed.getHeader("Content-Disposition")).contains("progress-report-for-referrer-");
        String text = text(allowed.getContentAsByteArray());
        assertThat(text).contains("Progress report for the referrer", "Robin Hale", "Sam Okafor",
                "with the client's agreement", "PHQ-9").contains(totals);
        assertThat(text).doesNotContain("weekend", "guilt", "rumination diary", "robin.hale@");

        robin.perform(post("/portal/consent/referrer").param("given", "false").with(csrf()));
        assertThat(sam.perform(get("/episodes/" + episode + "/progress-for-referrer.pdf")).getResponse()
                .getStatus()).as("withdrawn means refused again").isEqualTo(302);
        assertThat(audited()).contains("PROGRESS_REPORT_FOR_REFERRER", "PROGRESS_REPORT_FOR_REFERRER_REFUSED",
                "REFERRER_SHARING_GIVEN", "REFERRER_SHARING_WITHDRAWN");
    }

    @Test
    void aGermanReportKeepsItsUmlauts() throws Exception {
        String text = text(sam.perform(get("/episodes/" + episode + "/progress.pdf").header("Accept-Language", "de"))
                .getResponse().getContentAsByteArray());
        assertThat(text).contains("Verlaufsbericht", "Berichtsdatum", "enthält keinerlei Sitzungsnotizen",
                "Einschätzung der Ziele (0–10)", "Therapeut:in", "Veränderung", "Fragebögen");
    }

    @Test
    void theClientDownloadsTheirOwnFromMyProgress() throws Exception {
        assertThat(robin.perform(get("/portal/progress")).getResponse().getContentAsString())
                .contains("href=\"/portal/progress.pdf\"");
        MockHttpServletResponse response = robin.perform(get("/portal/progress.pdf")).getResponse();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader("Content-Disposition")).doesNotContainIgnoringCase("robin");
        assertThat(response.getHeader("Cache-Control")).contains("no-store");
        assertThat(text(response.getContentAsByteArray())).contains("Robin Hale", "Sam Okafor", "PHQ-9")
                .contains(totals).doesNotContain("weekend", "guilt");
        assertThat(audited()).contains("PROGRESS_REPORT_BY_CLIENT");
        assertThat(sam.perform(get("/portal/progress.pdf")).getResponse().getStatus()).isEqualTo(403);
    }

    private List<String> audited() {
        List<List<String>> actions = new java.util.ArrayList<>();
        Tenancy.run(Tenancy.Context.of(demo), () -> transactions.executeWithoutResult(status -> actions.add(
                jdbc.sql("select distinct action from audit_event where action like 'PROGRESS_REPORT%'"
                        + " or action like 'REFERRER_SHARING%'").query(String.class).list())));
        return actions.getFirst();
    }

    private static String text(byte[] pdf) throws Exception {
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
