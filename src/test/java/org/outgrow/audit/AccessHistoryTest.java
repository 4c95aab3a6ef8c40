package org.outgrow.audit;

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

/** A client sees who opened their record, from the audit log; not their own visits, not other clients'. */
@OutgrowTest
class AccessHistoryTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void theClientSeesTheirTherapistOpeningTheirRecord() throws Exception {
        var people = practices.create();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(get("/portal"));
        assertThat(client.perform(get("/portal/access-history")).getResponse().getContentAsString())
                .contains("Nobody else has opened your record yet.");

        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.perform(get("/clients/" + people.client()));
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(get(episode));
        Visitor.signedIn(mvc, people.otherTherapistEmail(), TestPractice.PASSWORD)
                .perform(get("/clients/" + people.otherClient()));

        String history = client.perform(get("/portal/access-history")).getResponse().getContentAsString();
        assertThat(history).contains("Theo Therapist").contains("(Therapist)").contains("opened your client record")
                .contains("opened your episode").doesNotContain("Olga Other").doesNotContain("Cleo Client</span>");
    }
}
