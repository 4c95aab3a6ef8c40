package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.outgrow.episodes.ChangeEvidence;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Imports of historical records: a practice's records read through the FHIR interface and
 * imported into an empty practice give the same change statistics; running the same file again
 * adds nothing; a file with a wrong line imports nothing and says which line and why; CSV in the
 * score command's format imports too.
 */
@OutgrowTest
class ImportTest {

    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EpisodeWork episodes;

    @Autowired
    org.outgrow.shared.db.DatabaseServer server;

    @Test
    void recordsExportedThroughFhirAndImportedIntoAnEmptyPracticeGiveTheSameStatistics() throws Exception {
        var source = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, source.therapistEmail(), TestPractice.PASSWORD);
        String episodePath = therapist.perform(post("/clients/" + source.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID sourceEpisode = UUID.fromString(episodePath.substring("/episodes/".length()));
        Visitor.signedIn(mvc, source.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        String token = therapist.createApiToken("READ", "SUBMIT_RESPONSES");
        int[][] course = {{3, 2}, {2, 2}, {2, 1}, {1, 1}, {1, 0}};
        for (int[] week : course) {
            submit(token, source.client(), "phq-9", 9, week[0]);
            submit(token, source.client(), "gad-7", 7, week[1]);
            clock.advance(Duration.ofDays(7));
        }
        StringBuilder file = new StringBuilder();
        for (String type : List.of("Patient", "EpisodeOfCare", "QuestionnaireResponse", "Observation")) {
            String body = mvc.perform(get("/fhir/r4/" + type)
                    .header("Authorization", "Bearer " + token)).andReturn().getResponse().getContentAsString();
            assertThat(body).as(type).contains("\"Bundle\"");
            Bundle bundle = JSON.parseResource(Bundle.class, body);
            bundle.getEntry().forEach(entry -> file.append(JSON.encodeResourceToString(entry.getResource()))
                    .append('\n'));
        }

        var target = practices.create();
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        String run = upload(admin, "NDJSON", "", target.therapist(), file.toString());
        String done = finished(admin, run);
        assertThat(done).contains("Done: everything was imported.").contains("<dd>10</dd>");

        UUID importedEpisode = practices.inPractice(target, () -> jdbc.sql("select id from episode")
                .query(UUID.class).single());
        assertThat(evidence(target, importedEpisode)).usingRecursiveComparison()
                .isEqualTo(evidence(source, sourceEpisode));
        assertThat(evidence(source, sourceEpisode).measures()).hasSize(2)
                .allSatisfy(measure -> assertThat(measure.change()).isNotNull());
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from alert")
                .query(Integer.class).single())).as("history raises no alerts").isZero();

        String again = finished(admin, upload(admin, "NDJSON", "", target.therapist(), file.toString()));
        assertThat(again).contains("Done: everything was imported.");
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from measure_response")
                .query(Integer.class).single())).isEqualTo(10);
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from client")
                .query(Integer.class).single())).as("the practice's own two and the imported one").isEqualTo(3);
    }

    @Test
    void aFileWithAWrongLineImportsNothingAndNamesTheLine() throws Exception {
        var target = practices.create();
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        String csv = """
                client,date,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7
                K-1,2025-01-06,2,2,2,2,1,1,1
                K-1,2025-02-03,1,7,1,1,0,0,0
                K-2,6 March,1,1,1,1,1,1,1
                K-2,2025-03-10,1,1,1,1,1,1
                """;
        String failed = finished(admin, upload(admin, "CSV", "gad-7", target.therapist(), csv));
        assertThat(failed).contains("Not imported.").contains("Line 3:").contains("gad7_2")
                .contains("Line 4: the date is not an ISO date").contains("Line 5: expected 9 columns");
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from measure_response")
                .query(Integer.class).single())).isZero();

        String fixed = csv.replace(",7,", ",1,").replace("6 March", "2025-03-06")
                .replace("2025-03-10,1,1,1,1,1,1\n", "2025-03-10,1,1,1,1,1,1,0\n");
        assertThat(finished(admin, upload(admin, "CSV", "gad-7", target.therapist(), fixed)))
                .contains("Done: everything was imported.");
        assertThat(finished(admin, upload(admin, "CSV", "gad-7", target.therapist(), fixed)))
                .contains("<dd>0</dd>");
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from measure_response"
                + " where source = 'IMPORT'").query(Integer.class).single())).isEqualTo(4);
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from episode where state = 'ENDED'")
                .query(Integer.class).single())).as("one ended episode per client").isEqualTo(2);

        // Imported episodes do not say how they ended; the pages that read ended episodes still work.
        assertThat(admin.perform(get("/admin/outcomes")).getResponse().getStatus()).isEqualTo(200);
        UUID imported = practices.inPractice(target, () -> jdbc.sql("select id from episode limit 1")
                .query(UUID.class).single());
        Visitor therapist = Visitor.signedIn(mvc, target.therapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(get("/episodes/" + imported)).getResponse().getContentAsString())
                .contains("imported from another system");
        assertThat(therapist.perform(get("/episodes/" + imported + "/measures")).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(therapist.perform(get("/caseload")).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void anOpenEpisodeIsImportedWithoutAnEndAndItsCaseloadCountsEveryAnswer() throws Exception {
        var target = practices.create();
        // Active, with an end its period gives (a planned end, say).
        StringBuilder file = ndjson(patient("ida", "Ida Imported"), episode("course",
                EpisodeOfCare.EpisodeOfCareStatus.ACTIVE, "ida", new Period().setStart(daysAgo(60)).setEnd(daysAgo(20))));
        int[][] answers = {{30, 2}, {10, 1}}; // days ago, each item: 18 before the period's end, 9 after it
        for (int[] answer : answers) {
            file.append(ndjson(answered("ida", answer[0], answer[1])));
        }
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        assertThat(finished(admin, upload(admin, "NDJSON", "", target.therapist(), file.toString())))
                .contains("Done: everything was imported.");

        assertThat(practices.inPractice(target, () -> jdbc.sql("select state, ended_at is null from episode")
                .query((rs, row) -> rs.getString(1) + " " + rs.getBoolean(2)).single())).isEqualTo("ACTIVE true");
        String caseload = Visitor.signedIn(mvc, target.therapistEmail(), TestPractice.PASSWORD)
                .perform(get("/caseload")).getResponse().getContentAsString();
        assertThat(caseload).contains("Ida Imported").contains("PHQ-9 9").contains("reliable recovery");
    }

    @Test
    void aFinishedEpisodeWithoutAnEndIsRefusedByLine() throws Exception {
        var target = practices.create();
        Patient patient = patient("jon", "Jon Imported");
        EpisodeOfCare episode = episode("done", EpisodeOfCare.EpisodeOfCareStatus.FINISHED, "jon",
                new Period().setStart(daysAgo(90)));
        String file = ndjson(patient, episode).toString();
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        assertThat(finished(admin, upload(admin, "NDJSON", "", target.therapist(), file)))
                .contains("Not imported.").contains("Line 2: a finished EpisodeOfCare needs period.end");

        episode.getPeriod().setEnd(daysAgo(10));
        String fixed = ndjson(patient, episode).toString();
        assertThat(finished(admin, upload(admin, "NDJSON", "", target.therapist(), fixed)))
                .contains("Done: everything was imported.");
        assertThat(practices.inPractice(target, () -> jdbc.sql("select state, ended_at is not null from episode")
                .query((rs, row) -> rs.getString(1) + " " + rs.getBoolean(2)).single())).isEqualTo("ENDED true");
    }

    @Test
    void eachAnswerGoesToTheLatestEpisodeOpenedByThenOrElseToTheFirst() throws Exception {
        var target = practices.create();
        // The answers come before the episodes in the file: they are placed once it is all read.
        StringBuilder file = ndjson(patient("eva", "Eva Imported"));
        int[][] answers = {{400, 3}, {300, 2}, {150, 1}, {20, 0}}; // days ago, each item
        for (int[] answer : answers) {
            file.append(ndjson(answered("eva", answer[0], answer[1])));
        }
        file.append(ndjson(episode("later", EpisodeOfCare.EpisodeOfCareStatus.ACTIVE, "eva",
                        new Period().setStart(daysAgo(100))),
                episode("earlier", EpisodeOfCare.EpisodeOfCareStatus.FINISHED, "eva",
                        new Period().setStart(daysAgo(350)).setEnd(daysAgo(200)))));
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        assertThat(finished(admin, upload(admin, "NDJSON", "", target.therapist(), file.toString())))
                .contains("Done: everything was imported.");

        assertThat(practices.inPractice(target, () -> jdbc.sql("""
                        select e.state, r.total::int from measure_response r join episode e on e.id = r.episode_id
                        order by r.answered_at""")
                .query((rs, row) -> rs.getString(1) + " " + rs.getInt(2)).list()))
                .as("before the first episode: the first; after its end, before the next: still it; then the next")
                .containsExactly("ENDED 27", "ENDED 18", "ENDED 9", "ACTIVE 0");
    }

    @Test
    void twoOpenEpisodesOfAPatientAreRefusedOnceTheFileIsReadAndNothingIsStored() throws Exception {
        var target = practices.create();
        StringBuilder file = ndjson(patient("max", "Max Imported"));
        file.append(ndjson(answered("max", 5, 1), episode("one", EpisodeOfCare.EpisodeOfCareStatus.ACTIVE, "max",
                        new Period().setStart(daysAgo(30))),
                episode("two", EpisodeOfCare.EpisodeOfCareStatus.ACTIVE, "max", new Period().setStart(daysAgo(10)))));
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        assertThat(finished(admin, upload(admin, "NDJSON", "", target.therapist(), file.toString())))
                .contains("Not imported.").contains("Line 4: the patient has another open episode");
        assertThat(practices.inPractice(target, () -> jdbc.sql("""
                        select (select count(*) from measure_response) + (select count(*) from episode e
                            join client c on c.id = e.client_id where c.display_name = 'Max Imported')""")
                .query(Integer.class).single())).isZero();
    }

    @Test
    void theDatabaseRefusesAnEndOnAnOpenEpisode() {
        var people = practices.create();
        assertThatThrownBy(() -> practices.inPractice(people, () -> jdbc.sql("""
                        insert into episode (practice_id, id, client_id, therapist_id, state, opened_at, ended_at)
                        values (?, ?, ?, ?, 'ACTIVE', now(), now())""")
                .params(people.practice().value(), org.outgrow.shared.Ids.next(), people.client(), people.therapist())
                .update()))
                .hasMessageContaining("episode_open_has_no_end");
    }

    @Test
    void aFileOfManyBatchesIsStoredWholeOrNotAtAll() throws Exception {
        var target = practices.create();
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        StringBuilder csv = new StringBuilder("client,date,gad7_1,gad7_2,gad7_3,gad7_4,gad7_5,gad7_6,gad7_7\n");
        int expectedTotal = 0;
        for (int row = 0; row < 12_000; row++) { // three chunks of the store's 5,000
            int each = row % 4;
            expectedTotal += 7 * each;
            csv.append("B-").append(row / 10).append(',')
                    .append(row == 7_000 ? "2031-01-01" : java.time.LocalDate.of(2024, 1, 1).plusDays(row % 10 * 7))
                    .append(",").append(String.join(",", java.util.Collections.nCopies(7, Integer.toString(each))))
                    .append('\n');
        }
        String trigger = "refuse_import_row_" + target.practice().value().toString().replace("-", "");
        owner("create function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.practice_id = '" + target.practice().value() + "' and new.answered_at > '2030-12-31' then"
                + " raise exception 'row refused by the test'; end if; return new; end $$;"
                + " create trigger " + trigger + " before insert on measure_response for each row execute function "
                + trigger + "()");
        try {
            assertThat(finished(admin, upload(admin, "CSV", "gad-7", target.therapist(), csv.toString())))
                    .as("the second chunk failed").contains("Not imported.");
        } finally {
            owner("drop trigger " + trigger + " on measure_response; drop function " + trigger + "()");
        }
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from measure_response")
                .query(Integer.class).single())).as("the first chunk went with the rest").isZero();
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*) from import_key")
                .query(Integer.class).single())).as("and the clients and episodes it made").isZero();

        assertThat(finished(admin, upload(admin, "CSV", "gad-7", target.therapist(), csv.toString())))
                .contains("Done: everything was imported.");
        assertThat(practices.inPractice(target, () -> jdbc.sql("select count(*), sum(total)::int from measure_response"
                + " where source = 'IMPORT'").query((rs, row) -> List.of(rs.getInt(1), rs.getInt(2))).single()))
                .isEqualTo(List.of(12_000, expectedTotal));
    }

    private void owner(String sql) throws java.sql.SQLException {
        try (java.sql.Connection owner = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword()); java.sql.Statement statement = owner.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void anImportNeedsAFileAFormatAndATherapist() throws Exception {
        var target = practices.create();
        Visitor admin = Visitor.signedIn(mvc, target.adminEmail(), TestPractice.PASSWORD);
        String page = admin.perform(multipart("/admin/imports").param("format", "CSV").param("instrument", "gad-7")
                .param("therapist", target.therapist().toString()).with(csrf())).getResponse().getContentAsString();
        assertThat(page).contains("Choose a file to import.");
        String noTherapist = admin.perform(multipart("/admin/imports")
                .file(new MockMultipartFile("file", "a.csv", "text/csv", "x".getBytes(StandardCharsets.UTF_8)))
                .param("format", "CSV").param("instrument", "gad-7").param("therapist", target.admin().toString())
                .with(csrf())).getResponse().getContentAsString();
        assertThat(noTherapist).contains("Choose the therapist the imported clients belong to.");
    }

    private String upload(Visitor admin, String format, String instrument, UUID therapist, String content)
            throws Exception {
        String location = admin.perform(multipart("/admin/imports")
                .file(new MockMultipartFile("file", "records", "application/octet-stream",
                        content.getBytes(StandardCharsets.UTF_8)))
                .param("format", format).param("instrument", instrument).param("therapist", therapist.toString())
                .with(csrf())).getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/admin/imports/");
        return location;
    }

    private String finished(Visitor admin, String run) {
        String[] page = {""};
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            page[0] = admin.perform(get(run)).getResponse().getContentAsString();
            return !page[0].contains("every 2s");
        });
        return page[0];
    }

    private ChangeEvidence.Evidence evidence(TestPractice.People people, UUID episode) {
        return practices.inPractice(people, () -> episodes.evidence(episode));
    }

    private void submit(String token, UUID client, String instrument, int items, int each) throws Exception {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(FhirResources.questionnaireUrl(instrument));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/" + client));
        String prefix = instrument.replace("-", "") + "_";
        for (int item = 1; item <= items; item++) {
            response.addItem().setLinkId(prefix + item).addAnswer()
                    .setValue(new Coding(FhirResources.ANSWER_CODES, Integer.toString(each), null));
        }
        int status = mvc.perform(post("/fhir/r4/QuestionnaireResponse").header("Authorization", "Bearer " + token)
                .contentType("application/fhir+json").content(JSON.encodeResourceToString(response)))
                .andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(201);
    }

    private QuestionnaireResponse phq9(int each) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(FhirResources.questionnaireUrl("phq-9"));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        for (int item = 1; item <= 9; item++) {
            response.addItem().setLinkId("phq9_" + item).addAnswer()
                    .setValue(new Coding(FhirResources.ANSWER_CODES, Integer.toString(each), null));
        }
        return response;
    }

    /** A PHQ-9 the patient answered some days ago, each item the same; its id names the day. */
    private QuestionnaireResponse answered(String patient, int daysAgo, int each) {
        QuestionnaireResponse response = phq9(each);
        response.setId("answer-" + daysAgo);
        response.setSubject(new Reference("Patient/" + patient));
        response.setAuthored(daysAgo(daysAgo));
        return response;
    }

    private static Patient patient(String id, String name) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.addName().setText(name);
        return patient;
    }

    private static EpisodeOfCare episode(String id, EpisodeOfCare.EpisodeOfCareStatus status, String patient,
                                         Period period) {
        EpisodeOfCare episode = new EpisodeOfCare();
        episode.setId(id);
        episode.setStatus(status);
        episode.setPatient(new Reference("Patient/" + patient));
        episode.setPeriod(period);
        return episode;
    }

    /** The resources as an NDJSON file, a line each. */
    private static StringBuilder ndjson(org.hl7.fhir.r4.model.Resource... resources) {
        StringBuilder file = new StringBuilder();
        for (org.hl7.fhir.r4.model.Resource resource : resources) {
            file.append(JSON.encodeResourceToString(resource)).append('\n');
        }
        return file;
    }

    private Date daysAgo(int days) {
        return Date.from(clock.instant().minus(Duration.ofDays(days)));
    }
}
