package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;


import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What the FHIR interface does with bodies no records system should send: too large (refused
 * before it is read into memory), XML with an external entity (never parsed as XML), JSON nested a
 * hundred thousand deep (refused, not a stack overflow). Nothing is stored, and the refusal says
 * what was wrong without echoing the body.
 */
@OutgrowTest
class FhirRequestLimitsTest {


    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBodyLargerThanAQuarterMebibyteIsRefusedUnreadAndNothingIsStored() throws Exception {
        var people = practices.create();
        String token = token(people);
        String padding = "x".repeat(2 * 1024 * 1024);
        String body = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"text\":{\"div\":\""
                + padding + "\"}}";
        MockHttpServletResponse refused = submit(token, body);
        assertThat(refused.getStatus()).isEqualTo(413);
        assertThat(refused.getContentAsString()).contains("OperationOutcome", "too-costly").doesNotContain("xxxx");
        assertThat(responses(people)).isZero();
    }

    @Test
    void xmlWithAnExternalEntityIsNeverParsedAsXml() throws Exception {
        var people = practices.create();
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\"&x;\"/></QuestionnaireResponse>";
        MockHttpServletResponse refused = mvc.perform(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+xml").content(xml)
                .header("Authorization", "Bearer " + token(people))).andReturn().getResponse();
        assertThat(refused.getStatus()).isEqualTo(400);
        assertThat(refused.getContentAsString()).doesNotContain("root:");
        assertThat(responses(people)).isZero();
    }

    @Test
    void deeplyNestedJsonIsRefusedNotAStackOverflow() throws Exception {
        var people = practices.create();
        String nested = "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"item\":"
                + "[{\"item\":".repeat(20_000) + "[]" + "}]".repeat(20_000) + "}";
        MockHttpServletResponse refused = submit(token(people), nested);
        assertThat(refused.getStatus()).isIn(400, 413, 422);
        assertThat(responses(people)).isZero();
    }

    private MockHttpServletResponse submit(String token, String body) throws Exception {
        return mvc.perform(post("/fhir/r4/QuestionnaireResponse").contentType("application/fhir+json").content(body)
                .header("Authorization", "Bearer " + token)).andReturn().getResponse();
    }

    private int responses(TestPractice.People people) {
        return practices.inPractice(people, () -> jdbc.sql("select count(*) from measure_response")
                .query(Integer.class).single());
    }

    private String token(TestPractice.People people) throws Exception {
        return Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD)
                .createApiToken("READ", "SUBMIT_RESPONSES");
    }
}
