package org.outgrow.practice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import org.junit.jupiter.api.Test;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** The demo profile starts with a demo practice whose logins are the ones README lists. */
@OutgrowTest
@ActiveProfiles("demo")
class DemoPracticeTest {

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MockMvc mvc;

    @Test
    void hasAnAdminTwoTherapistsASupervisorADozenCurrentClientsAndTwoDozenFormerOnes() {
        Tenancy.run(Tenancy.Context.of(DemoPractice.ID), () -> transactions.executeWithoutResult(status -> {
            var staff = accounts.inPractice();
            assertThat(staff).filteredOn(account -> account.roles().contains(Role.ADMIN)).hasSize(1);
            assertThat(staff).filteredOn(account -> account.roles().contains(Role.THERAPIST)).hasSize(2);
            assertThat(staff).filteredOn(account -> account.roles().contains(Role.SUPERVISOR)).hasSize(1);
            assertThat(jdbc.sql("select count(*) from client").query(Integer.class).single()).isEqualTo(12 + 24);
            assertThat(jdbc.sql("select distinct state from episode").query(String.class).list())
                    .as("an episode in every state")
                    .containsExactlyInAnyOrder("INTAKE", "ASSESSMENT", "ACTIVE", "ENDING", "ENDED", "FOLLOW_UP");
            assertThat(jdbc.sql("select count(*) from goal_rating").query(Integer.class).single()).isPositive();
            assertThat(jdbc.sql("select count(*) from measure_response").query(Integer.class).single())
                    .isGreaterThan(50);
            assertThat(jdbc.sql("select distinct kind from alert where state = 'OPEN'").query(String.class).list())
                    .as("improving, not on track, deteriorating and at risk, as a caseload has")
                    .contains("RISK", "NOT_ON_TRACK", "DETERIORATION", "ALLIANCE_DROP");
            assertThat(jdbc.sql("select count(*) from measure_request where state = 'OPEN'").query(Integer.class)
                    .single()).as("questionnaires waiting in the portal").isGreaterThanOrEqualTo(2);
            assertThat(jdbc.sql("select count(*) from supervision_request where not_on_track").query(Integer.class)
                    .single()).as("a not-on-track case waiting for the supervisor").isEqualTo(1);
            assertThat(jdbc.sql("select distinct attendance from appointment").query(String.class).list())
                    .contains("ATTENDED", "CANCELLED_BY_CLIENT", "DID_NOT_ATTEND", "SCHEDULED");
            assertThat(jdbc.sql("select count(*) from agreement_version where acknowledged_at is null")
                    .query(Integer.class).single()).as("an agreement waiting for its client").isPositive();
        }));
    }

    @Test
    void priyasTherapistHasNotedTheUrgeToRescueInThreeSessionsAndWrittenAProcessNoteAboutIt() {
        var therapists = Tenancy.call(Tenancy.Context.of(DemoPractice.ID), () -> transactions.execute(status ->
                accounts.activeWithRole(Role.THERAPIST)));
        int tags = 0;
        int processNotes = 0;
        for (var therapist : therapists) {
            int[] counts = Tenancy.call(Tenancy.Context.of(DemoPractice.ID, therapist.id()), () -> transactions.execute(
                    status -> new int[] {
                            jdbc.sql("select count(distinct noted_on) from session_dynamic"
                                    + " where tag in ('URGE_TO_RESCUE', 'OVER_FUNCTIONING')").query(Integer.class).single(),
                            jdbc.sql("select count(*) from process_note").query(Integer.class).single()}));
            tags += counts[0];
            processNotes += counts[1];
        }
        assertThat(tags).as("sessions with rescuing or over-functioning").isEqualTo(3);
        assertThat(processNotes).isEqualTo(1);
        Integer anonymous = Tenancy.call(Tenancy.Context.of(DemoPractice.ID), () -> transactions.execute(status ->
                jdbc.sql("select count(*) from session_dynamic").query(Integer.class).single()));
        assertThat(anonymous).as("without the author's account the tags are invisible").isZero();
    }

    @Test
    void twoPortalClientsHaveReadTheExpectationsAndAgreedToMeasurementAndOneHasNotYet() throws Exception {
        for (String done : java.util.List.of("robin.hale", "amara.obi")) {
            Visitor client = Visitor.signedIn(mvc, done + "@outgrow-demo.test", DemoPractice.PASSWORD);
            assertThat(client.perform(get("/portal")).getResponse().getContentAsString())
                    .contains("that you have read version 1", "You have agreed to fill in questionnaires");
        }
        Visitor lena = Visitor.signedIn(mvc, "lena.fischer@outgrow-demo.test", DemoPractice.PASSWORD);
        assertThat(lena.perform(get("/portal")).getResponse().getContentAsString())
                .contains("Please read it before you start", "You have not decided yet");
        assertThat(lena.perform(get("/portal/expectations")).getResponse().getContentAsString())
                .contains("What therapy here is not", "It is not crisis care", "no guarantee");
    }

    @Test
    void everyDemoLoginReachesItsHomeAndEveryPageSaysDemo() throws Exception {
        for (DemoPractice.DemoLogin login : DemoPractice.STAFF) {
            Visitor visitor = Visitor.signedIn(mvc, login.email(), DemoPractice.PASSWORD);
            String home = visitor.perform(get("/")).getResponse().getRedirectedUrl();
            assertThat(visitor.perform(get(home)).getResponse().getContentAsString()).contains("DEMO");
        }
        Visitor client = Visitor.signedIn(mvc, "robin.hale@outgrow-demo.test", DemoPractice.PASSWORD);
        assertThat(client.perform(get("/portal")).getResponse().getContentAsString()).contains("DEMO", "Robin Hale");
        assertThat(mvc.perform(get("/login")).andReturn().getResponse().getContentAsString()).contains("DEMO");
    }
}
