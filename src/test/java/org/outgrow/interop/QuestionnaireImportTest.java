package org.outgrow.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Another system's Questionnaire brought in by an administrator: a PHQ-9 under its own address
 * and item ids is recognised by its LOINC codes and answers to it are scored as PHQ-9; a
 * Questionnaire carrying Outgrow's scoring rules becomes one of the practice's own; anything
 * else is refused with the reason, keeping what was pasted.
 */
@OutgrowTest
class QuestionnaireImportTest {

    private static final IParser JSON = FhirContext.forR4Cached().newJsonParser();
    private static final String[] PHQ9_ITEM_CODES = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7",
            "44258-2", "44252-5", "44253-3", "44260-8"};

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aForeignPhq9IsRecognisedByItsItemCodesAndItsAnswersAreScoredAsPhq9() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        Questionnaire theirs = new Questionnaire();
        theirs.setUrl("http://records.example/Questionnaire/depression-screen");
        theirs.setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
        for (int item = 0; item < 9; item++) {
            theirs.addItem().setLinkId("q" + (item + 1)).setType(Questionnaire.QuestionnaireItemType.CHOICE)
                    .addCode(new Coding(FhirResources.LOINC, PHQ9_ITEM_CODES[item], null));
        }
        String page = admin.perform(post("/admin/instruments/fhir")
                .param("questionnaire", JSON.encodeResourceToString(theirs)).with(csrf())).getResponse()
                .getContentAsString();
        assertThat(page).contains("are now scored as PHQ-9").contains("9 items matched");

        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()));
        Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD)
                .perform(post("/portal/consent").param("given", "true").with(csrf()));
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire(theirs.getUrl());
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/" + people.client()));
        for (int item = 1; item <= 9; item++) {
            response.addItem().setLinkId("q" + item).addAnswer().setValue(new Coding(FhirResources.ANSWER_CODES,
                    item == 9 ? "0" : "2", null));
        }
        int status = mvc.perform(post("/fhir/r4/QuestionnaireResponse")
                        .header("Authorization", "Bearer " + therapist.createApiToken("READ", "SUBMIT_RESPONSES"))
                        .contentType("application/fhir+json").content(JSON.encodeResourceToString(response)))
                .andReturn().getResponse().getStatus();
        assertThat(status).isEqualTo(201);
        assertThat(practices.inPractice(people, () -> jdbc.sql(
                "select count(*) from measure_response where instrument = 'phq-9' and total = 16")
                .query(Integer.class).single())).isEqualTo(1);
    }

    @Test
    void aQuestionnaireCarryingOutgrowsScoringRulesBecomesOneOfThePracticesOwn() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String token = therapist.createApiToken("READ", "SUBMIT_RESPONSES");
        Questionnaire gad7 = JSON.parseResource(Questionnaire.class, mvc.perform(get("/fhir/r4/Questionnaire/gad-7")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse().getContentAsString());
        gad7.setId("worry-scale");
        gad7.setUrl("http://other.example/Questionnaire/worry-scale");
        gad7.setTitle("Worry scale (our copy)");
        gad7.getCode().clear();
        gad7.getItem().forEach(item -> item.getCode().clear());

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        String page = admin.perform(post("/admin/instruments/fhir")
                .param("questionnaire", JSON.encodeResourceToString(gad7)).with(csrf())).getResponse()
                .getContentAsString();
        assertThat(page).contains("worry-scale").contains("is now one of the practice");
        String own = admin.perform(get("/admin/instruments")).getResponse().getContentAsString();
        assertThat(own).contains("Worry scale (our copy)");
        Questionnaire listed = JSON.parseResource(Questionnaire.class, mvc.perform(get("/fhir/r4/Questionnaire/worry-scale")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse().getContentAsString());
        assertThat(listed.getItem()).hasSize(7);
        assertThat(listed.getExtensionByUrl(QuestionnaireDefinitions.SCORING).getValue().primitiveValue())
                .contains("\"casenessCutOff\":8");
    }

    @Test
    void aQuestionnaireOutgrowCannotScoreIsRefusedWithTheReasonAndTheTextKept() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        Questionnaire unknown = new Questionnaire();
        unknown.setUrl("http://records.example/Questionnaire/sleep-" + UUID.randomUUID());
        unknown.addItem().setLinkId("s1").setType(Questionnaire.QuestionnaireItemType.CHOICE).setText("Slept well?");
        String json = JSON.encodeResourceToString(unknown);
        String page = admin.perform(post("/admin/instruments/fhir").param("questionnaire", json).with(csrf()))
                .getResponse().getContentAsString();
        assertThat(page).contains("carries no scoring rules").contains("Slept well?");
        assertThat(admin.perform(post("/admin/instruments/fhir").param("questionnaire", "{not json").with(csrf()))
                .getResponse().getContentAsString()).contains("This is not a FHIR R4 Questionnaire in JSON.");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from questionnaire_mapping")
                .query(Integer.class).single())).isZero();
    }
}
