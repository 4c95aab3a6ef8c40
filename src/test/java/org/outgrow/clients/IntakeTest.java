package org.outgrow.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Intake steps only the client takes: acknowledging the practice's expectations statement and
 * deciding about measurement; the therapist sees the outcome, never takes the step.
 */
@OutgrowTest
class IntakeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    Intake intake;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void aClientReadsAndAcknowledgesEachNewVersionAndTheTherapistSeesWhich() throws Exception {
        var people = practices.create();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(page(client, "/portal")).contains("Please read it before you start", "href=\"/portal/expectations\"")
                .doesNotContain("There is nothing for you to do right now");
        assertThat(page(therapist, "/clients/" + people.client())).contains("Not yet acknowledged.");

        assertThat(page(client, "/portal/expectations")).contains("Therapy here is joint work.", "I have read this",
                "name=\"version\" value=\"1\"");
        clock.advance(Duration.ofMinutes(5));
        MvcResult acknowledged = client.perform(post("/portal/expectations").param("version", "1").with(csrf()));
        assertThat(acknowledged.getResponse().getRedirectedUrl()).isEqualTo("/portal");
        Instant readAt = clock.instant();

        assertThat(page(client, "/portal")).contains("that you have read version 1")
                .doesNotContain("Please read it before you start");
        assertThat(page(client, "/portal/expectations")).doesNotContain("I have read this");
        assertThat(page(therapist, "/clients/" + people.client()))
                .contains("Read version 1 on " + local(readAt) + ".").doesNotContain("is newer");

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/expectations").param("text", "Version two: you set your own goals.")
                .with(csrf()));
        assertThat(page(client, "/portal")).contains("a new version (version 2)");
        assertThat(page(client, "/portal/expectations")).contains("Version two: you set your own goals.",
                "name=\"version\" value=\"2\"");
        assertThat(page(therapist, "/clients/" + people.client()))
                .contains("Read version 1 on " + local(readAt) + ".", "Version 2 is newer and not yet acknowledged.");

        client.perform(post("/portal/expectations").param("version", "2").with(csrf()));
        assertThat(page(therapist, "/clients/" + people.client())).contains("Read version 2 on")
                .doesNotContain("is newer");
        assertThat(count(people.practice(), "select count(*) from expectations_acknowledgement where client_id = ?",
                people.client())).isEqualTo(2);
    }

    @Test
    void aDoubleClickStoresOneAcknowledgementAndOneAuditEntry() throws Exception {
        var people = practices.create();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/expectations").param("version", "1").with(csrf()));
        clock.advance(Duration.ofSeconds(1));
        MvcResult again = client.perform(post("/portal/expectations").param("version", "1").with(csrf()));
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo("/portal");

        assertThat(count(people.practice(), "select count(*) from expectations_acknowledgement where client_id = ?",
                people.client())).isEqualTo(1);
        assertThat(count(people.practice(), "select count(*) from audit_event where action = 'EXPECTATIONS_ACKNOWLEDGED'"
                + " and subject_client_id = ?", people.client())).isEqualTo(1);
    }

    @Test
    void aClientActsOnlyForThemselvesAndOnlyOnTheirOwnPracticesStatement() throws Exception {
        var people = practices.create();
        var elsewhere = practices.create();
        Visitor admin = Visitor.signedIn(mvc, elsewhere.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/expectations").param("text", "Elsewhere, version two").with(csrf()));

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/expectations").param("version", "1").param("client", people.otherClient()
                .toString()).with(csrf()));
        client.perform(post("/portal/consent").param("given", "true").param("client", people.otherClient()
                .toString()).with(csrf()));
        MvcResult foreignVersion = client.perform(post("/portal/expectations").param("version", "2").with(csrf()));
        assertThat(foreignVersion.getResponse().getStatus()).as("version 2 exists only in another practice")
                .isEqualTo(404);

        assertThat(count(people.practice(), "select count(*) from expectations_acknowledgement where client_id = ?",
                people.otherClient())).isZero();
        assertThat(count(people.practice(), "select count(*) from measurement_consent where client_id = ?",
                people.otherClient())).isZero();
        assertThat(count(people.practice(), "select count(*) from expectations_acknowledgement where client_id = ?",
                people.client())).isEqualTo(1);
        assertThat(count(people.practice(), "select count(*) from measurement_consent where client_id = ?",
                people.client())).isEqualTo(1);
    }

    @Test
    void theTherapistCannotAcknowledgeOrConsentForTheClient() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(post("/portal/consent").param("given", "true").with(csrf()))
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(therapist.perform(post("/portal/expectations").param("version", "1").with(csrf()))
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(page(therapist, "/clients/" + people.client())).contains("The client has not decided yet.",
                "Not yet acknowledged.").doesNotContain("action=\"/portal");
        assertThat(count(people.practice(), "select count(*) from measurement_consent", null)).isZero();
    }

    @Test
    void everyChangeOfConsentIsKeptAndTheTherapistSeesTheCurrentOne() throws Exception {
        var people = practices.create();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(page(client, "/portal/consent")).contains("It is your decision", "I agree to fill in questionnaires",
                "No, not for now");

        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        Instant given = clock.instant();
        assertThat(page(therapist, "/clients/" + people.client())).contains("Given on " + local(given) + ".");
        clock.advance(Duration.ofMinutes(1));
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        clock.advance(Duration.ofMinutes(4));
        client.perform(post("/portal/consent").param("given", "false").with(csrf()));
        Instant withdrawn = clock.instant();
        assertThat(page(therapist, "/clients/" + people.client()))
                .contains("Declined or withdrawn on " + local(withdrawn) + ".");
        clock.advance(Duration.ofMinutes(3));
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));

        List<MeasurementConsent> history = Tenancy.call(Tenancy.Context.of(people.practice()), () ->
                intake.consentHistory(people.client()));
        assertThat(history).extracting(MeasurementConsent::given).containsExactly(true, false, true);
        assertThat(history).extracting(MeasurementConsent::recordedAt)
                .containsExactly(clock.instant(), withdrawn, given);
        assertThat(page(client, "/portal/consent")).contains(local(withdrawn) + ": said no", local(given) + ": agreed",
                "Withdraw my agreement").doesNotContain("I agree to fill in questionnaires");
        assertThat(count(people.practice(), "select count(*) from audit_event where action like 'MEASUREMENT_CONSENT_%'"
                + " and subject_client_id = ?", people.client())).isEqualTo(3);
    }

    private static String page(Visitor visitor, String path) throws Exception {
        MvcResult result = visitor.perform(get(path));
        assertThat(result.getResponse().getStatus()).as(path).isEqualTo(200);
        return result.getResponse().getContentAsString();
    }

    private static String local(Instant instant) {
        return instant.atZone(BERLIN).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
    }

    private int count(PracticeId practice, String sql, UUID parameter) {
        return Tenancy.call(Tenancy.Context.of(practice), () -> transactions.execute(status -> {
            var statement = jdbc.sql(sql);
            return (parameter == null ? statement : statement.param(parameter)).query(Integer.class).single();
        }));
    }
}
