package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.identity.Tokens;
import org.outgrow.shared.Ids;
import org.outgrow.testing.Inbox;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Questionnaires end to end: asked by the therapist, answered in the portal, from an e-mailed
 * single-use link or in the room; scored, stored once, and alerts raised with the answer.
 */
@OutgrowTest
@TestPropertySource(properties = {"spring.mail.host=localhost", "spring.mail.port=3025"})
class QuestionnairesTest {

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP);

    private static final Pattern LINK = Pattern.compile("http://localhost(/q/[\\w-]+)");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RequestRounds rounds;

    @Autowired
    org.outgrow.practice.Practices practiceStore;

    @Autowired
    org.outgrow.shared.db.DatabaseServer server;

    record Setup(TestPractice.People people, Visitor therapist, Visitor client, String episode) {
    }

    private Setup consentingClient() throws Exception {
        return consentingClient("en");
    }

    /** A client who consented to measures, in an episode with a therapist whose browser asks for {@code language}. */
    private Setup consentingClient(String language) throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD, language);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        return new Setup(people, therapist, client, episode);
    }

    private String ask(Setup setup, String instrument, boolean email) throws Exception {
        MvcResult asked = setup.therapist().perform(post(setup.episode() + "/measures/requests")
                .param("instrument", instrument).param("email", Boolean.toString(email)).with(csrf()));
        assertThat(asked.getResponse().getRedirectedUrl()).isEqualTo(setup.episode() + "/measures");
        return practices.inPractice(setup.people(), () -> jdbc.sql(
                        "select id from measure_request where episode_id = ? and state = 'OPEN'")
                .param(UUID.fromString(setup.episode().substring("/episodes/".length()))).query(UUID.class).single())
                .toString();
    }

    private static MockHttpServletRequestBuilder phq9(MockHttpServletRequestBuilder request, int each, int item9) {
        for (int item = 1; item <= 8; item++) {
            request.param("item.phq9_" + item, Integer.toString(each));
        }
        return request.param("item.phq9_9", Integer.toString(item9)).with(csrf());
    }

    private int count(Setup setup, String sql) {
        return practices.inPractice(setup.people(), () -> jdbc.sql(sql).query(Integer.class).single());
    }

    @Test
    void aRiskAlertsMailIsWrittenInTheLanguageTheTherapistSignedInWithNotTheClients() throws Exception {
        Setup setup = consentingClient("de-DE,de;q=0.9");
        String request = ask(setup, "phq-9", false);

        setup.client().perform(phq9(post("/portal/questionnaires/" + request), 2, 1).header("Accept-Language", "en")
                .param("submissionKey", Ids.next().toString()));
        assertThat(practices.inPractice(setup.people(), () -> jdbc.sql("""
                        select subject from mail_outbox
                        where subject in ('An answer needs your attention', 'Eine Antwort braucht Ihre Aufmerksamkeit')""")
                .query(String.class).list())).containsExactly("Eine Antwort braucht Ihre Aufmerksamkeit");
    }

    @Test
    void aRiskAnswerOpensAnAlertWithTheResponseAndShowsTheCrisisResourcesAtOnce() throws Exception {
        Setup setup = consentingClient();
        String request = ask(setup, "phq-9", false);
        assertThat(setup.client().perform(get("/portal/questionnaires")).getResponse().getContentAsString())
                .contains("/portal/questionnaires/" + request);

        MvcResult sent = setup.client().perform(phq9(post("/portal/questionnaires/" + request), 2, 1)
                .param("submissionKey", Ids.next().toString()));
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo("/portal/questionnaires/answered");
        String thanks = setup.client().perform(get("/portal/questionnaires/answered")
                .flashAttrs(sent.getFlashMap())).getResponse().getContentAsString();
        assertThat(thanks).contains("Call 112 in an emergency.");

        assertThat(count(setup, "select count(*) from measure_response where total = 17 and risk = 'POSITIVE'"))
                .isEqualTo(1);
        assertThat(count(setup, "select count(*) from alert where kind = 'RISK' and state = 'OPEN'")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from mail_outbox where subject = 'An answer needs your attention'"))
                .isEqualTo(1);

        String alerts = setup.therapist().perform(get("/alerts")).getResponse().getContentAsString();
        assertThat(alerts).contains("Risk").contains("Cleo Client");
        String alertId = practices.inPractice(setup.people(), () -> jdbc.sql("select id from alert")
                .query(UUID.class).single()).toString();
        MvcResult empty = setup.therapist().perform(post("/alerts/" + alertId + "/resolution")
                .param("resolution", " ").with(csrf()));
        assertThat(empty.getFlashMap().get("problem")).isEqualTo("alerts.rule.resolution");
        setup.therapist().perform(post("/alerts/" + alertId + "/resolution")
                .param("resolution", "Phoned; safety plan agreed").with(csrf()));
        assertThat(count(setup, "select count(*) from alert where state = 'RESOLVED'")).isEqualTo(1);
        assertThat(count(setup, "select count(*) from audit_event where action = 'ALERT_RESOLVED_RISK'"))
                .isEqualTo(1);

        String measures = setup.therapist().perform(get(setup.episode() + "/measures")).getResponse()
                .getContentAsString();
        assertThat(measures).contains("<svg").contains("moderately severe");
    }

    /**
     * Checklist T24: the alert is written in the answer's transaction. The database refuses this
     * practice's risk alerts (a trigger, created as the schema owner): the answer is not stored
     * either, no mail is queued, the request stays open. Once alerts are taken again, the same
     * submission stores the answer with its one alert and one mail.
     */
    @Test
    void anAlertThatCannotBeStoredTakesItsRiskAnswerWithIt() throws Exception {
        Setup setup = consentingClient();
        String request = ask(setup, "phq-9", false);
        String key = Ids.next().toString();
        String trigger = "refuse_risk_alert_" + setup.people().practice().value().toString().replace("-", "");
        owner("create function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.practice_id = '" + setup.people().practice().value() + "' and new.kind = 'RISK' then"
                + " raise exception 'risk alert refused by the test'; end if; return new; end $$;"
                + " create trigger " + trigger + " before insert on alert for each row execute function " + trigger
                + "()");
        try {
            String refused;
            try {
                MvcResult sent = setup.client().perform(phq9(post("/portal/questionnaires/" + request), 2, 1)
                        .param("submissionKey", key));
                refused = sent.getResponse().getRedirectedUrl() + " " + sent.getResponse().getStatus();
            } catch (jakarta.servlet.ServletException failed) { // the server's error page in a real container
                refused = failed.getMessage();
            }
            assertThat(refused).as("the submission failed at the alert").contains("risk alert refused by the test")
                    .doesNotContain("/portal/questionnaires/answered");
            assertThat(count(setup, "select count(*) from measure_response")).isZero();
            assertThat(count(setup, "select count(*) from alert")).isZero();
            assertThat(count(setup, "select count(*) from mail_outbox where subject = 'An answer needs your attention'"))
                    .isZero();
            assertThat(count(setup, "select count(*) from audit_event where action = 'RESPONSE_SUBMITTED'")).isZero();
            assertThat(count(setup, "select count(*) from measure_request where state = 'OPEN'")).isOne();
        } finally {
            owner("drop trigger " + trigger + " on alert; drop function " + trigger + "()");
        }

        MvcResult again = setup.client().perform(phq9(post("/portal/questionnaires/" + request), 2, 1)
                .param("submissionKey", key));
        assertThat(again.getResponse().getRedirectedUrl()).isEqualTo("/portal/questionnaires/answered");
        assertThat(count(setup, "select count(*) from measure_response where risk = 'POSITIVE'")).isOne();
        assertThat(count(setup, "select count(*) from alert where kind = 'RISK'")).isOne();
        assertThat(count(setup, "select count(*) from mail_outbox m join alert a on a.id = m.id"
                + " where m.subject = 'An answer needs your attention'")).as("the alert's mail, under its id").isOne();
    }

    private void owner(String sql) throws java.sql.SQLException {
        try (java.sql.Connection owner = java.sql.DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword()); java.sql.Statement statement = owner.createStatement()) {
            statement.execute(sql);
        }
    }

    @Test
    void fiftySimultaneousSubmissionsStoreOneResponseAndARetryGetsTheSameOne() throws Exception {
        Setup setup = consentingClient();
        String request = ask(setup, "gad-7", false);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Callable<Integer> submit = () -> {
                MockHttpServletRequestBuilder post = post("/portal/questionnaires/" + request)
                        .param("submissionKey", Ids.next().toString()).with(csrf());
                for (int item = 1; item <= 7; item++) {
                    post.param("item.gad7_" + item, "1");
                }
                return setup.client().perform(post).getResponse().getStatus();
            };
            results.add(pool.submit(submit));
        }
        for (Future<Integer> result : results) {
            assertThat(result.get()).isEqualTo(302);
        }
        pool.shutdown();
        assertThat(count(setup, "select count(*) from measure_response")).isEqualTo(1);

        String second = ask(setup, "gad-7", false);
        String key = Ids.next().toString();
        for (int retry = 0; retry < 2; retry++) {
            MockHttpServletRequestBuilder post = post("/portal/questionnaires/" + second).param("submissionKey", key)
                    .with(csrf());
            for (int item = 1; item <= 7; item++) {
                post.param("item.gad7_" + item, "2");
            }
            assertThat(setup.client().perform(post).getResponse().getRedirectedUrl())
                    .isEqualTo("/portal/questionnaires/answered");
        }
        assertThat(count(setup, "select count(*) from measure_response")).isEqualTo(2);
    }

    @Test
    void anEmailedLinkWorksOnceWithoutSigningInAndEndsOnAnAddressWithoutTheSecret() throws Exception {
        Setup setup = consentingClient();
        ask(setup, "phq-9", true);
        String path = linkIn(mailTo(setup.people().clientEmail()));
        String token = path.substring("/q/".length());
        assertThat(count(setup, "select count(*) from measure_request where token_hash = '" + Tokens.hash(token)
                + "'")).isEqualTo(1);

        Visitor stranger = new Visitor(mvc);
        String form = stranger.perform(get(path)).getResponse().getContentAsString();
        assertThat(form).contains("Little interest or pleasure in doing things").contains("Public domain (Pfizer)");
        MvcResult partly = stranger.perform(post(path).param("item.phq9_1", "1").with(csrf()));
        assertThat(partly.getResponse().getContentAsString()).contains("8 questions have no answer yet")
                .contains("value=\"1\" checked");
        MvcResult sent = stranger.perform(phq9(post(path), 1, 0));
        assertThat(sent.getResponse().getRedirectedUrl()).isEqualTo("/q/answered");
        assertThat(stranger.perform(get(path)).getResponse().getContentAsString())
                .contains("This link does not work any more");
        assertThat(count(setup, "select count(*) from measure_response where source = 'LINK' and total = 8"))
                .isEqualTo(1);
        assertThat(count(setup, "select count(*) from measure_request where token_hash is not null")).isZero();
    }

    /** Checklist T7: fifty simultaneous submissions through the same e-mailed link, each its own try: one is stored. */
    @Test
    void fiftySimultaneousSubmissionsThroughOneLinkStoreOneResponse() throws Exception {
        Setup setup = consentingClient();
        String link = emailedLink(setup, "gad-7");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                MockHttpServletRequestBuilder post = post(link).param("submissionKey", Ids.next().toString())
                        .with(csrf());
                for (int item = 1; item <= 7; item++) {
                    post.param("item.gad7_" + item, "1");
                }
                MvcResult result = new Visitor(mvc).perform(post);
                return result.getResponse().getRedirectedUrl() != null ? result.getResponse().getRedirectedUrl()
                        : result.getResponse().getContentAsString().contains("This link does not work any more")
                        ? "closed" : "other " + result.getResponse().getStatus();
            }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsOnly("/q/answered", "closed");
        assertThat(outcomes.stream().filter("/q/answered"::equals)).hasSize(1);
        assertThat(count(setup, "select count(*) from measure_response")).isOne();
    }

    /**
     * Checklist T7: a link whose questionnaire was answered, whose time ran out (before and after
     * the round that closes such requests) or whose client withdrew consent to measurement answers
     * exactly as one never issued, for a look and for a submission alike: whether the therapist
     * withdrew the questionnaire or the client withdrew consent.
     */
    @Test
    void aLinkThatWasAnsweredRanOutOrWasWithdrawnAnswersExactlyAsOneNeverIssued() throws Exception {
        Setup answered = consentingClient();
        String answeredLink = emailedLink(answered, "phq-9");
        assertThat(new Visitor(mvc).perform(phq9(post(answeredLink), 0, 0)).getResponse().getRedirectedUrl())
                .isEqualTo("/q/answered");
        Setup withdrawn = consentingClient();
        String withdrawnLink = emailedLink(withdrawn, "phq-9");
        withdrawn.client().perform(post("/portal/consent").param("given", "false").with(csrf()));
        Setup takenBack = consentingClient();
        String takenBackLink = emailedLink(takenBack, "phq-9");
        String request = openRequest(takenBack);
        assertThat(takenBack.client().perform(get("/portal/questionnaires")).getResponse().getContentAsString())
                .contains("/portal/questionnaires/" + request);
        MvcResult withdrawal = takenBack.therapist().perform(post(takenBack.episode() + "/measures/requests/" + request
                + "/withdraw").with(csrf()));
        assertThat(withdrawal.getResponse().getRedirectedUrl()).isEqualTo(takenBack.episode() + "/measures");
        assertThat(withdrawal.getFlashMap().get("notice")).isEqualTo("measures.withdrawn");
        assertThat(takenBack.client().perform(get("/portal/questionnaires")).getResponse().getContentAsString())
                .as("off the client's list").doesNotContain("/portal/questionnaires/" + request);
        assertThat(count(takenBack, "select count(*) from audit_event where action = 'QUESTIONNAIRE_WITHDRAWN'"))
                .isOne();
        assertThat(takenBack.therapist().perform(post(takenBack.episode() + "/measures/requests/" + request
                + "/withdraw").with(csrf())).getFlashMap().get("problem")).as("a second click")
                .isEqualTo("measures.rule.notOpen");
        Setup expired = consentingClient();
        String expiredLink = emailedLink(expired, "phq-9");
        Setup closed = consentingClient();
        String closedLink = emailedLink(closed, "phq-9");
        clock.advance(RequestRounds.ANSWER_WINDOW.plusMinutes(1));
        String expiredBeforeTheRound = expiredLink;
        rounds.run(practiceOf(closed));
        assertThat(count(closed, "select count(*) from measure_request where state = 'EXPIRED'")).isOne();

        String never = "/q/" + Tokens.newToken();
        MvcResult lookedAt = new Visitor(mvc).perform(get(never));
        MvcResult sent = new Visitor(mvc).perform(phq9(post(never), 1, 0));
        assertThat(lookedAt.getResponse().getStatus()).isEqualTo(200);
        assertThat(lookedAt.getResponse().getContentAsString()).contains("This link does not work any more");
        for (String link : List.of(answeredLink, withdrawnLink, takenBackLink, expiredBeforeTheRound, closedLink)) {
            MvcResult look = new Visitor(mvc).perform(get(link));
            assertThat(look.getResponse().getStatus()).as(link).isEqualTo(lookedAt.getResponse().getStatus());
            assertThat(withoutCsrfToken(look)).as(link).isEqualTo(withoutCsrfToken(lookedAt));
            MvcResult send = new Visitor(mvc).perform(phq9(post(link), 1, 0));
            assertThat(send.getResponse().getStatus()).as(link).isEqualTo(sent.getResponse().getStatus());
            assertThat(withoutCsrfToken(send)).as(link).isEqualTo(withoutCsrfToken(sent));
        }
        assertThat(count(withdrawn, "select count(*) from measure_response")).isZero();
        assertThat(count(takenBack, "select count(*) from measure_response")).isZero();
        assertThat(count(expired, "select count(*) from measure_response")).isZero();
    }

    private String openRequest(Setup setup) {
        return practices.inPractice(setup.people(), () -> jdbc.sql(
                        "select id from measure_request where episode_id = ? and state = 'OPEN'")
                .param(UUID.fromString(setup.episode().substring("/episodes/".length()))).query(UUID.class).single())
                .toString();
    }

    /** The page, less the CSRF token, which differs from one visitor to the next whatever the link. */
    private static String withoutCsrfToken(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString()
                .replaceAll("(name=\"csrf-token\" content=|name=\"_csrf\" value=)\"[^\"]*\"", "$1\"\"");
    }

    private String emailedLink(Setup setup, String instrument) throws Exception {
        ask(setup, instrument, true);
        return linkIn(mailTo(setup.people().clientEmail()));
    }

    private org.outgrow.practice.Practice practiceOf(Setup setup) {
        return practices.inPractice(setup.people(), practiceStore::current);
    }

    @Test
    void aDraftSurvivesTheSessionTimingOut() throws Exception {
        Setup setup = consentingClient();
        String request = ask(setup, "gad-7", false);
        setup.client().perform(post("/portal/questionnaires/" + request + "/draft").param("item.gad7_1", "3")
                .param("item.gad7_2", "2").with(csrf()));
        clock.advance(java.time.Duration.ofMinutes(45));
        Visitor again = Visitor.signedIn(mvc, setup.people().clientEmail(), TestPractice.PASSWORD);
        String form = again.perform(get("/portal/questionnaires/" + request)).getResponse().getContentAsString();
        assertThat(form).containsPattern("name=\"item.gad7_1\" value=\"3\" checked")
                .containsPattern("name=\"item.gad7_2\" value=\"2\" checked");
    }

    @Test
    void inRoomModeKeepsTheDeviceOnTheQuestionnaireUntilTheTherapistsPassword() throws Exception {
        Setup setup = consentingClient();
        MvcResult started = setup.therapist().perform(post(setup.episode() + "/in-room")
                .param("instrument", "session-feedback").with(csrf()));
        assertThat(started.getResponse().getRedirectedUrl()).isEqualTo("/in-room");
        assertThat(setup.therapist().perform(get(setup.episode())).getResponse().getRedirectedUrl())
                .isEqualTo("/in-room");
        assertThat(setup.therapist().perform(get("/in-room")).getResponse().getContentAsString())
                .contains("not a validated questionnaire");
        MockHttpServletRequestBuilder answers = post("/in-room").with(csrf());
        for (String item : List.of("heard", "goals", "approach", "overall")) {
            answers.param("item." + item, "9");
        }
        assertThat(setup.therapist().perform(answers).getResponse().getRedirectedUrl()).isEqualTo("/in-room/done");
        MvcResult wrong = setup.therapist().perform(post("/in-room/unlock").param("password", "guess").with(csrf()));
        assertThat(wrong.getResponse().getRedirectedUrl()).isEqualTo("/in-room/done");
        assertThat(setup.therapist().perform(get("/alerts")).getResponse().getRedirectedUrl()).isEqualTo("/in-room");
        MvcResult right = setup.therapist().perform(post("/in-room/unlock").param("password", TestPractice.PASSWORD)
                .with(csrf()));
        assertThat(right.getResponse().getRedirectedUrl()).isEqualTo(setup.episode() + "/measures");
        assertThat(setup.therapist().perform(get("/alerts")).getResponse().getStatus()).isEqualTo(200);
        assertThat(count(setup, "select count(*) from measure_response where source = 'IN_ROOM' and total = 9"))
                .isEqualTo(1);
    }

    @Test
    void nothingIsAskedWithoutConsentAndAClientSeesOnlyTheirOwnQuestionnaires() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        MvcResult refused = therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9")
                .with(csrf()));
        assertThat(refused.getFlashMap().get("problem")).isEqualTo("measures.rule.noConsent");

        Setup other = consentingClient();
        String theirs = ask(other, "phq-9", false);
        Visitor stranger = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        assertThat(stranger.perform(get("/portal/questionnaires/" + theirs)).getResponse().getStatus())
                .isEqualTo(404);
    }

    private static MimeMessage mailTo(String recipient) throws InterruptedException {
        return Inbox.mailTo(smtp, recipient);
    }

    private static String linkIn(MimeMessage message) {
        return Inbox.link(message, LINK);
    }
}
