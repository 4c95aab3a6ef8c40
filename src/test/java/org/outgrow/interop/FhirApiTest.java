package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The FHIR interface as an API client meets it: tokens a therapist creates, what each scope
 * allows, what a token can see (its therapist's clients, never another's or another practice's),
 * a posted response scored and alerted like a portal answer, and every resource valid R4.
 */
@OutgrowTest
class FhirApiTest {

    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    record Setup(TestPractice.People people, Visitor therapist, String episode) {
    }

    private Setup consentingClientWithEpisode() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        return new Setup(people, therapist, episode);
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request, String token) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    private static String phq9(UUID client, int each, int item9, @Nullable String identifier) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(FhirResources.questionnaireUrl("phq-9"));
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/" + client));
        if (identifier != null) {
            response.getIdentifier().setSystem("urn:example:records").setValue(identifier);
        }
        for (int item = 1; item <= 9; item++) {
            int value = item == 9 ? item9 : each;
            response.addItem().setLinkId("phq9_" + item).addAnswer()
                    .setValue(item % 2 == 0 ? new IntegerType(value) : new Coding(FhirResources.ANSWER_CODES,
                            Integer.toString(value), null));
        }
        return JSON.encodeResourceToString(response);
    }

    private int count(Setup setup, String sql) {
        return practices.inPractice(setup.people(), () -> jdbc.sql(sql).query(Integer.class).single());
    }

    @Test
    void aPostedRiskAnswerIsScoredStoredOnceAndOpensTheSameAlertAsAPortalAnswer() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String token = setup.therapist().createApiToken("READ", "SUBMIT_RESPONSES");
        UUID client = setup.people().client();

        MockHttpServletResponse created = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(client, 2, 1, "visit-17")), token);
        assertThat(created.getStatus()).isEqualTo(201);
        assertThat(created.getContentType()).startsWith("application/fhir+json");
        QuestionnaireResponse stored = JSON.parseResource(QuestionnaireResponse.class, created.getContentAsString());
        assertThat(created.getHeader("Location")).endsWith("/fhir/r4/QuestionnaireResponse/" + stored.getIdPart());
        assertThat(count(setup, "select count(*) from measure_response where total = 17 and risk = 'POSITIVE'"
                + " and source = 'FHIR'")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from alert where kind = 'RISK' and state = 'OPEN'")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from audit_event where action = 'RESPONSE_SUBMITTED'")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from measure_response where request_id is null"))
                .as("asked by nobody: stored without a request, as an imported one").isEqualTo(1);
        assertThat(count(setup, "select count(*) from measure_request")).isZero();
        assertThat(count(setup, "select count(*) from audit_event where action in ('EPISODE_VIEWED',"
                + " 'MEASURES_READ_BY_API')")).as("storing answers is not reading the record").isZero();

        MockHttpServletResponse again = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(client, 2, 1, "visit-17")), token);
        assertThat(again.getStatus()).as("a retry of the same response").isEqualTo(200);
        assertThat(JSON.parseResource(QuestionnaireResponse.class, again.getContentAsString()).getIdPart())
                .isEqualTo(stored.getIdPart());
        assertThat(count(setup, "select count(*) from measure_response")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from alert")).isEqualTo(1);

        Bundle observations = JSON.parseResource(Bundle.class, call(get("/fhir/r4/Observation")
                .param("patient", "Patient/" + client).param("code", "http://loinc.org|44261-6"), token)
                .getContentAsString());
        assertThat(observations.getTotal()).isEqualTo(1);
        Observation total = (Observation) observations.getEntryFirstRep().getResource();
        assertThat(total.getValueQuantity().getValue().intValue()).isEqualTo(17);
        assertThat(total.getComponent()).anySatisfy(component -> assertThat(component.getValueCodeableConcept()
                .getCodingFirstRep().getCode()).isEqualTo("moderately_severe"));

        String measures = setup.therapist().perform(get(setup.episode() + "/measures")).getResponse()
                .getContentAsString();
        assertThat(measures).as("the therapist's page shows it at once").contains("moderately severe");
    }

    @Test
    void aResponseWithoutIdentifierIsANewOneEachTimeAndOneForAClientNotInCareIsRefused() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String token = setup.therapist().createApiToken("SUBMIT_RESPONSES");
        UUID client = setup.people().client();

        MockHttpServletResponse first = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(client, 1, 0, null)), token);
        MockHttpServletResponse second = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(client, 1, 0, null)), token);
        assertThat(List.of(first.getStatus(), second.getStatus())).containsExactly(201, 201);
        assertThat(JSON.parseResource(QuestionnaireResponse.class, second.getContentAsString()).getIdPart())
                .isNotEqualTo(JSON.parseResource(QuestionnaireResponse.class, first.getContentAsString()).getIdPart());
        assertThat(count(setup, "select count(*) from measure_response where total = 8")).isEqualTo(2);

        MockHttpServletResponse elsewhere = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(setup.people().otherClient(), 1, 0, "x")), token);
        assertThat(elsewhere.getStatus()).isEqualTo(422);
        assertThat(elsewhere.getContentAsString()).contains("no open episode with the token's therapist");
        assertThat(count(setup, "select count(*) from measure_response")).isEqualTo(2);

        call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(phq9(client, 1, 0, "visit-3")), token);
        Visitor other = Visitor.signedIn(mvc, setup.people().otherTherapistEmail(), TestPractice.PASSWORD);
        other.perform(post("/clients/" + setup.people().otherClient() + "/episodes").with(csrf()));
        MockHttpServletResponse sameIdentifier = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(setup.people().otherClient(), 1, 0, "visit-3")),
                other.createApiToken("SUBMIT_RESPONSES"));
        assertThat(sameIdentifier.getStatus()).as("another therapist's record under the same identifier")
                .isEqualTo(409);
        assertThat(sameIdentifier.getContentAsString()).contains("identifier of its own")
                .doesNotContain("Cleo").doesNotContain(client.toString());
    }

    /** Checklist T15: records a token may not see change no total, no page and no answer's shape. */
    @Test
    void recordsTheTokenCannotSeeChangeNoTotal() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String token = setup.therapist().createApiToken("READ", "SUBMIT_RESPONSES");
        call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(phq9(setup.people().client(), 1, 0, "t15-own")), token);
        List<String> before = totals(token, null);

        // Another therapist's client in the same practice gets an episode and an answer,
        // and another practice gets a whole record of its own.
        TestPractice.People people = setup.people();
        Visitor other = Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD);
        String hidden = other.perform(post("/clients/" + people.otherClient() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        practices.inPractice(people, () -> jdbc.sql("""
                insert into measure_response (practice_id, id, episode_id, client_id, submission_key, instrument,
                    instrument_version, answers, answered_at, session_number, source, completeness, total, band,
                    caseness, risk)
                values (?, ?, ?, ?, ?, 'phq-9', 1, '{}', now(), 0, 'PORTAL', 'COMPLETE', 12, 'moderate', true,
                    'NEGATIVE')""")
                .params(people.practice().value(), org.outgrow.shared.Ids.next(),
                        UUID.fromString(hidden.substring("/episodes/".length())), people.otherClient(),
                        org.outgrow.shared.Ids.next()).update());
        Setup elsewhere = consentingClientWithEpisode();
        String theirs = elsewhere.therapist().createApiToken("READ", "SUBMIT_RESPONSES");
        call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(phq9(elsewhere.people().client(), 2, 0, "t15-theirs")), theirs);

        assertThat(totals(token, null)).as("every search's total and entries").isEqualTo(before);
        assertThat(totals(token, people.otherClient())).as("a hidden patient answers as one that does not exist")
                .isEqualTo(totals(token, UUID.randomUUID()));
    }

    /** Status, total and entry ids of each search the token can make, of everything or of one patient. */
    private List<String> totals(String token, UUID patient) throws Exception {
        List<String> seen = new ArrayList<>();
        for (String type : List.of("Patient", "EpisodeOfCare", "QuestionnaireResponse", "Observation", "Goal")) {
            var search = get("/fhir/r4/" + type);
            if (patient != null) {
                search.param(type.equals("Patient") ? "_id" : "patient", type.equals("Patient")
                        ? patient.toString() : "Patient/" + patient);
            }
            MockHttpServletResponse response = call(search, token);
            Bundle bundle = JSON.parseResource(Bundle.class, response.getContentAsString());
            seen.add(type + " " + response.getStatus() + " total " + bundle.getTotal() + " "
                    + bundle.getEntry().stream().map(entry -> entry.getResource().getIdElement().getIdPart()).toList());
        }
        return seen;
    }

    @Test
    void aResponseThatCannotBeScoredIsRefusedWithWhatToFixAndNothingIsStored() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String token = setup.therapist().createApiToken("SUBMIT_RESPONSES");
        UUID client = setup.people().client();
        String unknownItem = phq9(client, 1, 0, "x-1").replace("\"phq9_3\"", "\"phq9_30\"");
        MockHttpServletResponse refused = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(unknownItem), token);
        assertThat(refused.getStatus()).isEqualTo(422);
        assertThat(refused.getContentAsString()).contains("OperationOutcome").contains("phq9_30");

        MockHttpServletResponse outOfRange = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(phq9(client, 7, 0, "x-2")), token);
        assertThat(outOfRange.getStatus()).isEqualTo(422);

        MockHttpServletResponse notFhir = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content("{\"resourceType\":\"Patient\"}"), token);
        assertThat(notFhir.getStatus()).isEqualTo(400);

        MockHttpServletResponse otherClient = call(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json")
                .content(phq9(setup.people().otherClient(), 1, 0, "x-3")), token);
        assertThat(otherClient.getStatus()).isEqualTo(422);
        assertThat(count(setup, "select count(*) from measure_response")).isZero();
    }

    @Test
    void aTokenDoesOnlyWhatItsScopesAllowAndStopsWhenRevoked() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String readOnly = setup.therapist().createApiToken("READ");

        MockHttpServletResponse anonymous = mvc.perform(get("/fhir/r4/Patient")).andReturn().getResponse();
        assertThat(anonymous.getStatus()).isEqualTo(401);
        assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(call(get("/fhir/r4/Patient"), "og_" + "x".repeat(43)).getStatus()).isEqualTo(401);

        assertThat(call(get("/fhir/r4/Patient"), readOnly).getStatus()).isEqualTo(200);
        assertThat(call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(phq9(setup.people().client(), 1, 0, "y")), readOnly).getStatus()).isEqualTo(403);
        assertThat(count(setup, "select count(*) from measure_response")).isZero();

        String tokenId = practices.inPractice(setup.people(), () -> jdbc.sql("select id from api_token")
                .query(UUID.class).single()).toString();
        Visitor admin = Visitor.signedIn(mvc, setup.people().adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/account/api-tokens")).getResponse().getContentAsString())
                .contains("Records system").contains("Theo Therapist").doesNotContain(readOnly.substring(3));
        admin.perform(post("/account/api-tokens/" + tokenId + "/revoke").with(csrf()));
        assertThat(call(get("/fhir/r4/Patient"), readOnly).getStatus()).isEqualTo(401);
        assertThat(count(setup, "select count(*) from audit_event where action in ('API_TOKEN_CREATED',"
                + " 'API_TOKEN_REVOKED')")).isEqualTo(2);
        assertThat(practices.inPractice(setup.people(), () -> jdbc.sql(
                "select count(*) from api_token where token_hash like 'og_%' or token_hash = ?")
                .param(readOnly.substring(3)).query(Integer.class).single())).as("only the hash is kept").isZero();
    }

    @Test
    void aTokenSeesOnlyItsTherapistsClientsAndNothingOfAnotherPractice() throws Exception {
        Setup setup = consentingClientWithEpisode();
        String token = setup.therapist().createApiToken("READ");
        String patients = call(get("/fhir/r4/Patient"), token).getContentAsString();
        assertThat(patients).contains(setup.people().client().toString()).contains("Cleo Client")
                .doesNotContain(setup.people().otherClient().toString());
        assertThat(call(get("/fhir/r4/Patient/" + setup.people().otherClient()), token).getStatus()).isEqualTo(404);
        assertThat(call(get("/fhir/r4/Patient/not-a-uuid"), token).getStatus()).isEqualTo(404);
        assertThat(call(get("/fhir/r4/Patient").param("name", "Otto"), token).getStatus())
                .as("an unsupported filter is refused, not ignored").isEqualTo(400);

        Setup elsewhere = consentingClientWithEpisode();
        String theirs = elsewhere.therapist().createApiToken("READ");
        assertThat(call(get("/fhir/r4/Patient/" + setup.people().client()), theirs).getStatus()).isEqualTo(404);
        assertThat(call(get("/fhir/r4/EpisodeOfCare").param("patient", setup.people().client().toString()), theirs)
                .getContentAsString()).contains("\"total\":0");
    }

    @Test
    void everyResourceTheInterfaceEmitsIsValidR4() throws Exception {
        assertThat(FhirValidation.errors("{\"resourceType\":\"Observation\"}"))
                .as("the validator does find a resource without status and code invalid").isNotEmpty();
        Setup setup = consentingClientWithEpisode();
        UUID client = setup.people().client();
        setup.therapist().perform(post(setup.episode() + "/foci").param("wording", "Say no without apologising")
                .with(csrf()));
        String token = setup.therapist().createApiToken("READ", "SUBMIT_RESPONSES");
        call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(phq9(client, 1, 0, "v-1")), token);
        String pcl5 = phq9(client, 0, 0, "v-2").replace("phq-9", "pcl-5").replace("phq9_", "pcl5_");

        List<String> emitted = new ArrayList<>();
        emitted.add(mvc.perform(get("/fhir/r4/metadata")).andReturn().getResponse().getContentAsString());
        for (String search : List.of("Patient", "EpisodeOfCare", "Questionnaire", "QuestionnaireResponse",
                "Observation", "Goal")) {
            String bundle = call(get("/fhir/r4/" + search), token).getContentAsString();
            emitted.add(bundle);
            Bundle parsed = JSON.parseResource(Bundle.class, bundle);
            assertThat(parsed.getEntry()).as(search + " has something to validate").isNotEmpty();
            for (Bundle.BundleEntryComponent entry : parsed.getEntry()) {
                emitted.add(call(get("/fhir/r4/" + search + "/" + entry.getResource().getIdPart()), token)
                        .getContentAsString());
            }
        }
        emitted.add(call(get("/fhir/r4/Patient/" + UUID.randomUUID()), token).getContentAsString());
        emitted.add(call(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json")
                .content(pcl5), token).getContentAsString());
        for (String resource : emitted) {
            assertThat(FhirValidation.errors(resource)).as(resource.substring(0, Math.min(120, resource.length())))
                    .isEmpty();
        }
    }
}
