package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checklist T16's export half: a name that starts like a spreadsheet formula leaves the outcomes
 * CSV as text (quoted, and prefixed so a spreadsheet does not evaluate it); the research CSV has no
 * names or free text at all. Uses the demo practice, whose therapists have ended episodes.
 */
@OutgrowTest
@ActiveProfiles("demo")
class CsvFormulaTest {

    /** DemoPractice.ID, which is not public. */
    private static final PracticeId DEMO = PracticeId.of("7a1e0000-0000-7000-8000-00000000de70");

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aFormulaInATherapistsNameIsExportedAsText() throws Exception {
        String formula = "=HYPERLINK(\"https://evil.example\",\"Sam\")";
        Tenancy.run(Tenancy.Context.of(DEMO), () -> transactions.executeWithoutResult(status ->
                jdbc.sql("update account set display_name = ? where email = 'sam.okafor@outgrow-demo.test'")
                        .param(formula).update()));
        try {
            Visitor admin = Visitor.signedIn(mvc, "admin@outgrow-demo.test", "outgrow demo 2026");
            String csv = admin.perform(get("/admin/outcomes.csv")).getResponse().getContentAsString();
            assertThat(csv).contains("\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Sam\"\")\",");
            assertThat(csv.lines()).noneMatch(line -> line.matches("^\"?[=+\\-@].*"));
            String research = admin.perform(get("/admin/research.csv")).getResponse().getContentAsString();
            assertThat(research).doesNotContain("HYPERLINK");
        } finally {
            Tenancy.run(Tenancy.Context.of(DEMO), () -> transactions.executeWithoutResult(status ->
                    jdbc.sql("update account set display_name = 'Sam Okafor' where email = ?")
                            .param("sam.okafor@outgrow-demo.test").update()));
        }
    }
}
