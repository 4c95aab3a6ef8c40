package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.zaxxer.hikari.HikariDataSource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.shared.Ids;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.Inbox;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checklist T36 with the database defaulting to SERIALIZABLE: the idempotency invariants the other
 * tests prove at READ COMMITTED. Each submission is sent many times at the same moment, so
 * transactions really overlap: exactly one response or acknowledgement is stored, and every
 * request gets the answer it gets at READ COMMITTED, none a 500 for a serialization failure.
 *
 * <p>Run with the pool's sessions at SERIALIZABLE, every one of these scenarios failed with SQLState
 * 40001, in places no bounded retry of the application's own services reaches: Spring Session's
 * {@code UPDATE SPRING_SESSION} of two requests of one session, the audit chain's head row that
 * every audited write of a practice updates, an API token's {@code last_used_at}. So the pool pins
 * READ COMMITTED ({@code DatabaseConfiguration}), whatever the server, database or role default.
 */
@OutgrowTest
@TestPropertySource(properties = {"spring.mail.host=localhost", "spring.mail.port=3025"})
@DirtiesContext
class IdempotencyAtSerializableTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Pattern LINK = Pattern.compile("http://localhost(/q/[\\w-]+)");
    private static final int AT_ONCE = 20;

    @Autowired
    MockMvc mvc;

    @Autowired
    DatabaseServer server;

    @Autowired
    HikariDataSource pool;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private TestPractice.People people;
    private Visitor therapist;
    private Visitor client;
    private String episode;

    /**
     * The database's default made SERIALIZABLE by its owner, as an operator might, and every
     * pooled connection replaced so that none predates it; the application's transactions still
     * run at READ COMMITTED, the isolation its invariants are built for.
     */
    @BeforeEach
    void serializableByDefault() throws SQLException {
        try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword()); Statement statement = owner.createStatement()) {
            statement.execute("do $$ begin execute format('alter database %I set default_transaction_isolation"
                    + " = ''serializable''', current_database()); end $$");
        }
        pool.getHikariPoolMXBean().softEvictConnections();
        try (Connection app = DriverManager.getConnection(server.jdbcUrl(), server.appUser(), server.appPassword());
             Statement statement = app.createStatement(); ResultSet shown = statement.executeQuery(
                     "show default_transaction_isolation")) {
            assertThat(shown.next()).isTrue();
            assertThat(shown.getString(1)).as("a new session of the application role by default").isEqualTo("serializable");
        }
        String isolation = transactions.execute(status -> jdbc.sql("show transaction_isolation")
                .query(String.class).single());
        assertThat(isolation).as("the application's transactions").isEqualTo("read committed");
    }

    @BeforeEach
    void consentingClientWithAnEpisode() throws Exception {
        people = practices.create();
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf())).getResponse()
                .getRedirectedUrl();
        client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
    }

    @Test
    void simultaneousPortalSubmissionsStoreOneResponseAndTheSameKeyAtOnceStoresItOnce() throws Exception {
        String request = ask(false);
        List<String> outcomes = atOnce(() -> outcome(client.perform(gad7(post("/portal/questionnaires/" + request),
                Ids.next().toString()))));
        assertThat(outcomes).as("stored, or told it was answered already").containsOnly(
                "/portal/questionnaires/answered", "/portal/questionnaires");
        assertThat(outcomes.stream().filter("/portal/questionnaires/answered"::equals)).hasSize(1);
        assertThat(count("select count(*) from measure_response")).isOne();

        String second = ask(false);
        String key = Ids.next().toString();
        List<String> repeats = atOnce(() -> outcome(client.perform(gad7(post("/portal/questionnaires/" + second),
                key))));
        assertThat(repeats).containsOnly("/portal/questionnaires/answered");
        assertThat(count("select count(*) from measure_response")).isEqualTo(2);
        assertThat(count("select count(*) from measure_response where submission_key = '" + key + "'")).isOne();
    }

    @Test
    void simultaneousSubmissionsThroughOneLinkStoreOneResponse() throws Exception {
        ask(true);
        String link = Inbox.link(Inbox.mailTo(smtp, people.clientEmail()), LINK);
        List<String> outcomes = atOnce(() -> {
            MvcResult result = new Visitor(mvc).perform(gad7(post(link), Ids.next().toString()));
            return result.getResponse().getContentAsString().contains("This link does not work any more")
                    ? "closed" : outcome(result);
        });
        assertThat(outcomes).containsOnly("/q/answered", "closed");
        assertThat(outcomes.stream().filter("/q/answered"::equals)).hasSize(1);
        assertThat(count("select count(*) from measure_response")).isOne();
    }

    @Test
    void differentPostsAtOnceForOneOpenRequestAreEachStoredAndTheRequestIsAnsweredOnce() throws Exception {
        therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").param("email", "false")
                .with(csrf()));
        String token = therapist.createApiToken("SUBMIT_RESPONSES");
        List<String> statuses = atOnce(() -> Integer.toString(mvc.perform(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(riskAnswer(people.client(), null))
                .header("Authorization", "Bearer " + token)).andReturn().getResponse().getStatus()));
        assertThat(statuses).as("none lost to the one that took the open request").containsOnly("201");
        assertThat(count("select count(*) from measure_response")).isEqualTo(statuses.size());
        assertThat(count("select count(*) from measure_response r join measure_request q on q.id = r.request_id"
                + " where q.state = 'ANSWERED' and q.answered_at = r.answered_at")).isOne();
        assertThat(count("select count(*) from measure_request where state = 'OPEN'")).isZero();
    }

    @Test
    void theSamePostedRiskAnswerAtOnceIsStoredOnceWithOneAlertAndOneMail() throws Exception {
        String token = therapist.createApiToken("READ", "SUBMIT_RESPONSES");
        String body = riskAnswer(people.client(), "at-once-1");
        List<String> statuses = atOnce(() -> Integer.toString(mvc.perform(post("/fhir/r4/QuestionnaireResponse")
                .contentType("application/fhir+json").content(body).header("Authorization", "Bearer " + token))
                .andReturn().getResponse().getStatus()));
        assertThat(statuses).containsOnly("201", "200");
        assertThat(statuses.stream().filter("201"::equals)).as("stored by exactly one post").hasSize(1);
        assertThat(count("select count(*) from measure_response where risk = 'POSITIVE'")).isOne();
        assertThat(count("select count(*) from alert where kind = 'RISK'")).isOne();
        assertThat(count("select count(*) from mail_outbox where subject = 'An answer needs your attention'"))
                .isOne();
        assertThat(count("select count(*) from audit_event where action = 'RESPONSE_SUBMITTED'")).isOne();
    }

    @Test
    void simultaneousAcknowledgementsStoreOneAndOneAuditEntry() throws Exception {
        List<String> outcomes = atOnce(() -> outcome(client.perform(post("/portal/expectations")
                .param("version", "1").with(csrf()))));
        assertThat(outcomes).containsOnly("/portal");
        assertThat(count("select count(*) from expectations_acknowledgement where client_id = '"
                + people.client() + "'")).isOne();
        assertThat(count("select count(*) from audit_event where action = 'EXPECTATIONS_ACKNOWLEDGED'"
                + " and subject_client_id = '" + people.client() + "'")).isOne();
    }

    /** The same request sent {@value #AT_ONCE} times from as many threads, released together. */
    private static List<String> atOnce(Callable<String> send) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        CyclicBarrier start = new CyclicBarrier(AT_ONCE);
        List<Future<String>> sent = new ArrayList<>();
        for (int i = 0; i < AT_ONCE; i++) {
            sent.add(pool.submit(() -> {
                start.await();
                return send.call();
            }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : sent) {
            outcomes.add(result.get());
        }
        pool.shutdown();
        return outcomes;
    }

    /** Where a form post was sent on, or its status when it was not redirected. */
    private static String outcome(MvcResult result) {
        String redirected = result.getResponse().getRedirectedUrl();
        return redirected != null ? redirected : "status " + result.getResponse().getStatus();
    }

    private String ask(boolean email) throws Exception {
        MvcResult asked = therapist.perform(post(episode + "/measures/requests").param("instrument", "gad-7")
                .param("email", Boolean.toString(email)).with(csrf()));
        assertThat(asked.getResponse().getRedirectedUrl()).isEqualTo(episode + "/measures");
        return practices.inPractice(people, () -> jdbc.sql(
                        "select id from measure_request where episode_id = ? and state = 'OPEN'")
                .param(UUID.fromString(episode.substring("/episodes/".length()))).query(UUID.class).single())
                .toString();
    }

    private static MockHttpServletRequestBuilder gad7(MockHttpServletRequestBuilder post, String key) {
        for (int item = 1; item <= 7; item++) {
            post.param("item.gad7_" + item, "1");
        }
        return post.param("submissionKey", key).with(csrf());
    }

    private static String riskAnswer(UUID patient, @Nullable String identifier) {
        QuestionnaireResponse response = new QuestionnaireResponse();
        response.setQuestionnaire("https://fhir.outgrow.org/Questionnaire/phq-9");
        response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(new Reference("Patient/" + patient));
        if (identifier != null) {
            response.getIdentifier().setSystem("urn:example:records").setValue(identifier);
        }
        for (int item = 1; item <= 9; item++) {
            response.addItem().setLinkId("phq9_" + item).addAnswer().setValue(new Coding(
                    "https://fhir.outgrow.org/CodeSystem/answer-value", item == 9 ? "1" : "2", null));
        }
        return FhirContext.forR4Cached().newJsonParser().encodeResourceToString(response);
    }

    private int count(String sql) {
        return practices.inPractice(people, () -> jdbc.sql(sql).query(Integer.class).single());
    }
}
