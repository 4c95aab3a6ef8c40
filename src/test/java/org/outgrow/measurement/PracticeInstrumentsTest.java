package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** An administrator adds the practice's own instrument; a broken definition is refused field by field. */
@OutgrowTest
class PracticeInstrumentsTest {

    private static final String OWN = """
            {"id": "wellbeing-check", "version": 1, "names": {"en": "Our wellbeing check"},
             "licence": {"name": "Ours", "attribution": "Written by the practice"}, "direction": "HIGHER_IS_BETTER",
             "options": [{"value": 0, "label": {"en": "No"}}, {"value": 1, "label": {"en": "Yes"}}],
             "items": [{"id": "slept", "text": {"en": "I slept well this week"}}],
             "scoring": {"method": "SUM"}}""";

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void aBrokenDefinitionIsRefusedByFieldAndAValidOneIsAddedForThisPracticeOnly() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);

        String broken = OWN.replace("\"direction\": \"HIGHER_IS_BETTER\"", "\"direction\": \"UP\"");
        String refused = admin.perform(post("/admin/instruments").param("definition", broken).with(csrf()))
                .getResponse().getContentAsString();
        assertThat(refused).contains("direction: one of [HIGHER_IS_WORSE, HIGHER_IS_BETTER]", "&quot;UP&quot;");

        String shadow = OWN.replace("wellbeing-check", "phq-9");
        assertThat(admin.perform(post("/admin/instruments").param("definition", shadow).with(csrf()))
                .getResponse().getContentAsString()).contains("is an instrument Outgrow ships");

        assertThat(admin.perform(post("/admin/instruments").param("definition", OWN).with(csrf()))
                .getResponse().getRedirectedUrl()).isEqualTo("/admin/instruments");
        assertThat(admin.perform(get("/admin/instruments")).getResponse().getContentAsString())
                .contains("Our wellbeing check", "PHQ-9: Patient Health Questionnaire", "not a validated instrument");
        assertThat(admin.perform(post("/admin/instruments").param("definition", OWN).with(csrf()))
                .getResponse().getContentAsString()).contains("version 1 of &#39;wellbeing-check&#39; exists already");

        var elsewhere = practices.create();
        Visitor otherAdmin = Visitor.signedIn(mvc, elsewhere.adminEmail(), TestPractice.PASSWORD);
        assertThat(otherAdmin.perform(get("/admin/instruments")).getResponse().getContentAsString())
                .doesNotContain("Our wellbeing check");
    }
}
