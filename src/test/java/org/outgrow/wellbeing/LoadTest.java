package org.outgrow.wellbeing;

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

/** The therapist's load is theirs; a supervisor sees a snapshot only when the therapist shares one with them. */
@OutgrowTest
class LoadTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void theLoadIsPrivateUntilTheTherapistSharesIt() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(get("/wellbeing")).getResponse().getContentAsString())
                .contains("Open risk alerts").contains("no supervision recorded yet")
                .contains("It has been a while since supervision");
        Visitor supervisor = Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD);
        assertThat(supervisor.perform(get("/wellbeing/shared")).getResponse().getContentAsString())
                .contains("Nothing has been shared with you.");

        therapist.perform(post("/wellbeing/shares").param("supervisor", people.supervisor().toString()).with(csrf()));
        assertThat(supervisor.perform(get("/wellbeing/shared")).getResponse().getContentAsString())
                .contains("From Theo Therapist").contains("Open risk alerts: 0; clients not on track: 0");
    }
}
