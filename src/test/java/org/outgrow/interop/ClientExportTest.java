package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
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

/** A client downloads a copy of their own records once: valid FHIR and a readable PDF, without process notes. */
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
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);

        String link = link(client);
        Visitor someoneElse = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(someoneElse.perform(download(link)).getResponse().getStatus()).isEqualTo(403);

        MockHttpServletResponse download = client.perform(download(link)).getResponse();
        assertThat(download.getStatus()).isEqualTo(200);
        assertThat(download.getHeader("Content-Disposition")).contains("attachment")
                .contains("outgrow-records.zip").doesNotContain("Cleo");
        assertThat(download.getHeader("Cache-Control")).contains("no-store");
        java.util.Map<String, byte[]> files = unzip(download.getContentAsByteArray());
        assertThat(files).containsOnlyKeys(ClientExports.BUNDLE_FILE, ClientExports.REPORT_FILE);
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
