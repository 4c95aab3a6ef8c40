package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A client downloads a copy of their own records once: valid FHIR, the same answers, their sessions
 * and their signed progress notes as CSV, and a readable PDF; never a process note.
 */
@OutgrowTest
class ClientExportTest {

    private static final Pattern LINK = Pattern.compile("name=\"token\" value=\"([\\w-]+)\"");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theClientFetchesTheirRecordsOnceThroughALinkThatOnlyTheyCanUse() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(post(episode + "/foci").param("wording", "Sleep through the night").with(csrf()));
        therapist.perform(post(episode + "/sessions").param("date", "2026-12-03").param("time", "10:00")
                .param("minutes", "50").with(csrf()));
        therapist.perform(post(episode + "/notes").param("body", "=Talked about sleep, \"finally\"").with(csrf()));
        UUID note = practices.inPractice(people, () -> jdbc.sql("select id from progress_note").query(UUID.class)
                .single());
        therapist.perform(post(episode + "/notes/" + note + "/signature").param("version", "0")
                .param("body", "=Talked about sleep, \"finally\"").with(csrf()));
        therapist.perform(post(episode + "/process-notes").param("text", "Only mine: PROCESS-CANARY").with(csrf()));
        Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD)
                .perform(post("/admin/notes-policy").param("visible", "true").with(csrf()));
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        therapist.perform(post(episode + "/measures/requests").param("instrument", "gad-7").with(csrf()));
        UUID request = practices.inPractice(people, () -> jdbc.sql("select id from measure_request")
                .query(UUID.class).single());
        var answers = post("/portal/questionnaires/" + request).with(csrf());
        for (int item = 1; item <= 7; item++) {
            answers.param("item.gad7_" + item, item == 1 ? "3" : "1");
        }
        client.perform(answers);

        String link = link(client);
        Visitor someoneElse = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(someoneElse.perform(download(link)).getResponse().getStatus()).isEqualTo(403);

        MockHttpServletResponse download = client.perform(download(link)).getResponse();
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getHeader("Content-Disposition")).contains("attachment")
                .contains("outgrow-records.zip").doesNotContain("Cleo");
        assertThat(download.getHeader("Cache-Control")).contains("no-store");
        java.util.Map<String, byte[]> files = unzip(download.getContentAsByteArray());
        assertThat(files).containsOnlyKeys(ClientExports.BUNDLE_FILE, ClientExports.REPORT_FILE,
                ClientExports.ANSWERS_FILE, ClientExports.SESSIONS_FILE, ClientExports.NOTES_FILE);
        files.forEach((name, bytes) -> assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                .as(name).doesNotContain("PROCESS-CANARY"));
        String answersCsv = new String(files.get(ClientExports.ANSWERS_FILE), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(answersCsv.lines().toList()).hasSize(8).first().isEqualTo(
                "episode,answered_at,questionnaire,item,answer,total,band");
        assertThat(answersCsv).contains(",gad-7,gad7_1,3,9,").contains(",gad-7,gad7_7,1,9,");
        assertThat(new String(files.get(ClientExports.SESSIONS_FILE), java.nio.charset.StandardCharsets.UTF_8)
                .lines().toList()).hasSize(2).last().asString().contains(",50,SCHEDULED");
        assertThat(new String(files.get(ClientExports.NOTES_FILE), java.nio.charset.StandardCharsets.UTF_8))
                .as("a formula neutralised, quotes escaped").contains(",note,\"'=Talked about sleep, \"\"finally\"\"\"");
        assertThat(new String(files.get(ClientExports.REPORT_FILE), 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        try (var pdf = org.apache.pdfbox.Loader.loadPDF(files.get(ClientExports.REPORT_FILE))) {
            assertThat(new org.apache.pdfbox.text.PDFTextStripper().getText(pdf)).contains("Cleo Client");
        }
        String json = new String(files.get(ClientExports.BUNDLE_FILE), java.nio.charset.StandardCharsets.UTF_8);
        Bundle bundle = FhirContext.forR4Cached().newJsonParser().parseResource(Bundle.class, json);
        assertThat(bundle.getEntry()).extracting(entry -> entry.getResource().fhirType())
                .contains("Patient", "EpisodeOfCare", "Goal");
        assertThat(json).contains("Cleo Client").contains("Sleep through the night");
        assertThat(FhirValidation.errors(json)).isEmpty();

        assertThat(client.perform(download(link)).getResponse().getRedirectedUrl()).isEqualTo("/portal/export?spent");

        String late = link(client);
        clock.advance(ClientExports.VALID_FOR.plus(Duration.ofSeconds(1)));
        assertThat(client.perform(download(late)).getResponse().getRedirectedUrl()).isEqualTo("/portal/export?spent");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('CLIENT_EXPORT_ASKED', 'CLIENT_EXPORT_DOWNLOADED')").query(Integer.class).single())).isEqualTo(3);
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action ="
                + " 'PROGRESS_REPORT_BY_CLIENT'").query(Integer.class).single())).isEqualTo(1);
    }

    private static java.util.Map<String, byte[]> unzip(byte[] zip) throws java.io.IOException {
        java.util.Map<String, byte[]> files = new java.util.HashMap<>();
        try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }

    private static org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder download(String token) {
        return post("/portal/export/download").param("token", token).with(csrf());
    }

    private static String link(Visitor client) throws Exception {
        String page = client.perform(post("/portal/export").with(csrf())).getResponse().getContentAsString();
        Matcher link = LINK.matcher(page);
        assertThat(link.find()).isTrue();
        return link.group(1);
    }
}
