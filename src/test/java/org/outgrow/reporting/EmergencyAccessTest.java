package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** Break-glass access needs a reason, lasts an hour, is audited, and the client sees it with the reason. */
@OutgrowTest
class EmergencyAccessTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aReasonOpensOneRecordForAnHourAndTheClientSeesIt() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(admin.perform(get("/clients/" + people.client())).getResponse().getStatus())
                .as("no clinical pages for an administrator otherwise").isEqualTo(403);
        MvcResult tooShort = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", "urgent").with(csrf()));
        assertThat(tooShort.getFlashMap().get("problem")).isEqualTo("emergency.rule");
        assertThat(tooShort.getFlashMap().get("reason")).isEqualTo("urgent");

        String record = admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", "Police called: welfare check, therapist on leave").with(csrf()))
                .getResponse().getRedirectedUrl();
        String page = admin.perform(get(record)).getResponse().getContentAsString();
        assertThat(page).contains("Cleo Client").contains(people.clientEmail()).contains("Theo Therapist");

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        assertThat(client.perform(get("/portal/access-history")).getResponse().getContentAsString())
                .contains("Ada Admin, because: Police called: welfare check, therapist on leave");
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where action in"
                + " ('EMERGENCY_ACCESS_GRANTED', 'EMERGENCY_ACCESS_READ')").query(Integer.class).single()))
                .isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        Visitor later = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(later.perform(get(record)).getResponse().getStatus()).as("after the hour").isEqualTo(404);
    }
}
