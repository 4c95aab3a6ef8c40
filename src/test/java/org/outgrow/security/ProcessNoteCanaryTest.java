package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.shared.mail.Mail;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A process note carries a canary. It must surface on exactly one page, its author's process-note
 * page, and nowhere else: no other page or export as any role (the FHIR interface and the client's copy of
 * their records included), no e-mail, no audit row, no stored
 * session, no log line.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class ProcessNoteCanaryTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Mail mail;

    @Test
    void theCanaryShowsOnlyToItsAuthorOnItsOwnPage(CapturedOutput output) throws Exception {
        var people = practices.create();
        String canary = "CANARY-" + UUID.randomUUID();
        Map<AccessTableTest.Who, Visitor> visitors = new EnumMap<>(AccessTableTest.Who.class);
        visitors.put(AccessTableTest.Who.ANONYMOUS, new Visitor(mvc));
        visitors.put(AccessTableTest.Who.CLIENT, Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD));
        visitors.put(AccessTableTest.Who.THERAPIST, Visitor.signedIn(mvc, people.therapistEmail(),
                TestPractice.PASSWORD));
        visitors.put(AccessTableTest.Who.SUPERVISOR, Visitor.signedIn(mvc, people.supervisorEmail(),
                TestPractice.PASSWORD));
        visitors.put(AccessTableTest.Who.ADMIN, Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD));
        Visitor therapist = visitors.get(AccessTableTest.Who.THERAPIST);
        String episodePath = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String episode = episodePath.substring("/episodes/".length());
        visitors.get(AccessTableTest.Who.CLIENT).perform(post("/portal/consent").param("given", "true").with(csrf()));
        visitors.get(AccessTableTest.Who.ADMIN).perform(post("/admin/notes-policy").param("visible", "true")
                .with(csrf()));
        visitors.get(AccessTableTest.Who.ADMIN).perform(post("/admin/outcomes/public-profile")
                .param("published", "true").with(csrf()));
        therapist.perform(post(episodePath + "/process-notes").param("text", "Pulled to rescue. " + canary)
                .with(csrf()));
        therapist.perform(post(episodePath + "/notes").param("body", "Talked about the week").with(csrf()));
        therapist.perform(post(episodePath + "/measures/requests").param("instrument", "phq-9").param("email", "true")
                .with(csrf()));

        String own = therapist.perform(get(episodePath + "/process-notes")).getResponse().getContentAsString();
        assertThat(own).as("the canary is real: its author reads it").contains(canary);

        int pages = 0;
        for (AccessTableTest.Row row : AccessTableTest.table()) {
            if (!row.method().equals("GET")) {
                continue;
            }
            String path = row.path().replace("{id}", row.path().startsWith("/clients") ? people.client().toString()
                            : row.path().startsWith("/episodes") || row.path().startsWith("/portal/therapy") ? episode
                            : UUID.randomUUID().toString())
                    .replace("{clientId}", people.client().toString()).replace("{slug}", people.slug())
                    .replace("{token}", "x".repeat(43)).replace("**", "liveness")
                    .replaceAll("\\{[a-zA-Z]+}", UUID.randomUUID().toString());
            for (AccessTableTest.Who who : AccessTableTest.Who.values()) {
                if (who == AccessTableTest.Who.THERAPIST && row.path().equals("/episodes/{id}/process-notes")) {
                    continue;
                }
                String body = visitors.get(who).perform(get(path)).getResponse().getContentAsString();
                assertThat(body).as("GET %s as %s", path, who).doesNotContain(canary);
                pages++;
            }
        }
        long gets = AccessTableTest.table().stream().filter(row -> row.method().equals("GET")).count();
        assertThat(pages).as("every GET endpoint as every role but the one allowed").isEqualTo(
                gets * AccessTableTest.Who.values().length - 1);

        // The exports whose bodies are not plain pages: the FHIR interface with a token, and the client's ZIP.
        String token = therapist.createApiToken("READ");
        for (String type : List.of("Patient", "EpisodeOfCare", "Questionnaire", "QuestionnaireResponse", "Observation",
                "Goal")) {
            String body = mvc.perform(get("/fhir/r4/" + type).header("Authorization", "Bearer " + token))
                    .andReturn().getResponse().getContentAsString();
            assertThat(body).as("FHIR %s", type).contains("\"Bundle\"").doesNotContain(canary);
        }
        Visitor client = visitors.get(AccessTableTest.Who.CLIENT);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("name=\"token\" value=\"([\\w-]+)\"")
                .matcher(client.perform(post("/portal/export").with(csrf())).getResponse().getContentAsString());
        assertThat(link.find()).isTrue();
        byte[] zip = client.perform(post("/portal/export/download").param("token", link.group(1)).with(csrf()))
                .getResponse().getContentAsByteArray();
        try (var files = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            int entries = 0;
            for (var entry = files.getNextEntry(); entry != null; entry = files.getNextEntry(), entries++) {
                byte[] content = files.readAllBytes();
                String text = entry.getName().endsWith(".pdf")
                        ? new org.apache.pdfbox.text.PDFTextStripper().getText(org.apache.pdfbox.Loader.loadPDF(content))
                        : new String(content, StandardCharsets.UTF_8);
                assertThat(text).as("the client's copy: %s", entry.getName()).doesNotContain(canary);
            }
            assertThat(entries).as("the Bundle, the report, answers and sessions were all read").isGreaterThanOrEqualTo(4);
        }

        practices.inPractice(people, () -> {
            assertThat(mail.recent(100)).allSatisfy(sent -> assertThat(sent.body() + sent.subject())
                    .doesNotContain(canary));
            assertThat(jdbc.sql("select count(*) from audit_event where concat_ws(' ', action, resource_type,"
                    + " resource_id, address, request_id) like ?").param("%" + canary + "%").query(Integer.class)
                    .single()).isZero();
            return null;
        });
        assertThat(jdbc.sql("select attribute_bytes from spring_session_attributes").query(byte[].class).list())
                .allSatisfy(bytes -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1))
                        .doesNotContain(canary));
        assertThat(output.getAll()).doesNotContain(canary);
    }
}
