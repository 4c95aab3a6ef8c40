package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.outgrow.identity.Tokens;
import org.outgrow.shared.mail.Mail;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.Visitor;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The access table (src/test/resources/access-table.txt) is the contract of who may reach what.
 * Every endpoint the application maps must be in it, and every row is tried as each kind of person.
 */
@OutgrowTest
@org.springframework.test.context.event.RecordApplicationEvents
// The bench profile's floor endpoint is in the table too, so it is proven to need a token like the API.
@TestPropertySource(properties = "outgrow.bench.enabled=true")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTableTest {

    enum Who { ANONYMOUS, CLIENT, THERAPIST, SUPERVISOR, ADMIN }

    record Row(String method, String path, Map<Who, String> expected) {
        String key() {
            return method + " " + path;
        }
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    @Autowired
    TestPractice practices;

    private TestPractice.People people;
    private String episode;
    private final Map<Who, Visitor> visitors = new EnumMap<>(Who.class);
    private Visitor linkHolder;

    @Autowired
    Mail mail;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.test.context.event.ApplicationEvents published;

    @BeforeAll
    void signInEveryone() throws Exception {
        people = practices.create();
        visitors.put(Who.ANONYMOUS, new Visitor(mvc));
        visitors.put(Who.CLIENT, Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD));
        visitors.put(Who.THERAPIST, Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD));
        visitors.put(Who.SUPERVISOR, Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD));
        visitors.put(Who.ADMIN, Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD));
        String opened = visitors.get(Who.THERAPIST).perform(post("/clients/" + people.client() + "/episodes")
                .with(csrf())).getResponse().getRedirectedUrl();
        episode = opened.substring("/episodes/".length());
        linkHolder = holderOfARealQuestionnaireLink();
    }

    /** Someone who opened a questionnaire link from an e-mail: the link is all they hold. */
    private Visitor holderOfARealQuestionnaireLink() throws Exception {
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        visitors.get(Who.THERAPIST).perform(post("/episodes/" + episode + "/measures/requests")
                .param("instrument", "phq-9").param("email", "true").with(csrf()));
        String body = practices.inPractice(people, () -> mail.recent(20).stream()
                .map(Mail.QueuedMail::body).filter(java.util.Objects::nonNull).filter(text -> text.contains("/q/"))
                .findFirst()).orElseThrow();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/q/([A-Za-z0-9_-]{40,})").matcher(body);
        assertThat(link.find()).isTrue();
        Visitor holder = new Visitor(mvc);
        assertThat(holder.perform(MockMvcRequestBuilders.get("/q/" + link.group(1))).getResponse().getStatus())
                .as("the link opens its questionnaire").isEqualTo(200);
        return holder;
    }

    /** The link-holder column: a questionnaire link opens nothing else; everywhere they are anonymous. */
    @TestFactory
    List<DynamicTest> aLinkHolderGetsNoMoreThanAnAnonymousVisitor() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : table()) {
            String expected = row.expected().get(Who.ANONYMOUS);
            tests.add(DynamicTest.dynamicTest(row.key() + " as a link-holder -> " + expected,
                    () -> assertThat(outcome(callAs(linkHolder, row))).isEqualTo(expected)));
        }
        return tests;
    }

    @Test
    void everyMappedEndpointHasARowAndEveryRowAnEndpoint() throws IOException {
        Set<String> mapped = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping : context.getBeansOfType(RequestMappingInfoHandlerMapping.class)
                .values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("ANY")
                        : new TreeSet<>(info.getMethodsCondition().getMethods().stream().map(Enum::name).toList());
                for (String pattern : info.getPatternValues()) {
                    methods.forEach(method -> mapped.add(method + " " + pattern));
                }
            }
        }
        Set<String> listed = new TreeSet<>(table().stream().map(Row::key).toList());
        assertThat(mapped).as("endpoints without a row in access-table.txt").isSubsetOf(listed);
        assertThat(listed).as("rows of access-table.txt without an endpoint").isSubsetOf(mapped);
    }

    @TestFactory
    List<DynamicTest> everyoneGetsExactlyTheAccessTheTableGives() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : table()) {
            for (Who who : Who.values()) {
                String expected = row.expected().get(who);
                tests.add(DynamicTest.dynamicTest(row.key() + " as " + who + " -> " + expected,
                        () -> assertThat(outcome(call(row, who))).isEqualTo(expected)));
            }
        }
        return tests;
    }

    private MockHttpServletResponse call(Row row, Who who) throws Exception {
        return callAs(visitors.get(who), row);
    }

    /**
     * Checklist T28's audit counts, endpoint by endpoint: every change a signed-in person makes
     * (a POST the table lets them make, that did not come back with a problem to fix) publishes
     * an audit event of a change or a security step (not only the read of the record it changed) and leaves an audit
     * row naming them. The last test counts the changes checked, so that the check cannot quietly
     * check nothing.
     */
    /** Calls that change nothing as this test makes them, though they answer like a change; each is audited when it does. */
    private static final Map<String, String> NOTHING_TO_CHANGE = Map.of(
            "POST /clients/{id}/portal-invitation", "the client has portal access already",
            "POST /portal/consent", "consent was given before, in the set-up",
            "POST /portal/consent/referrer", "the same decision again (the other factory may have made it) changes nothing",
            "POST /portal/expectations", "the statement may be acknowledged already (by the other factory)",
            "POST /portal/export/download", "no export was asked for, so there is nothing to fetch");

    @TestFactory
    List<DynamicTest> everyChangeASignedInPersonMakesIsAudited() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger checked = new java.util.concurrent.atomic.AtomicInteger();
        Map<Who, Visitor> signedIn = new EnumMap<>(Who.class); // afresh: another factory's last row ends sessions
        signedIn.put(Who.CLIENT, Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD));
        signedIn.put(Who.THERAPIST, Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD));
        signedIn.put(Who.SUPERVISOR, Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD));
        signedIn.put(Who.ADMIN, Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD));
        for (Row row : table()) {
            if (!row.method().equals("POST") || row.path().equals("/account/sessions/end-all")
                    || row.path().startsWith("/login") || row.path().contains("{token}")
                    || NOTHING_TO_CHANGE.containsKey(row.key())) {
                continue; // signing in, links that were never issued, and the last row, which ends the sessions
            }
            for (Who who : List.of(Who.CLIENT, Who.THERAPIST, Who.SUPERVISOR, Who.ADMIN)) {
                if (!"ok".equals(row.expected().get(who))) {
                    continue;
                }
                tests.add(DynamicTest.dynamicTest(row.key() + " as " + who + " is audited", () -> {
                    long before = auditRowsOf(who);
                    long writesBefore = writes();
                    var result = signedIn.get(who).perform(request(row, fill(row), episode));
                    assertThat(outcome(result.getResponse())).as("still signed in").isNotEqualTo("login");
                    int status = result.getResponse().getStatus();
                    boolean refused = result.getFlashMap() != null && result.getFlashMap().get("problem") != null;
                    if (status >= 300 && status < 400 && !refused) { // done
                        checked.incrementAndGet();
                        assertThat(writes()).as(row.key() + " as " + who + ": audit events of a change").isGreaterThan(writesBefore);
                        assertThat(auditRowsOf(who)).as(row.key() + " as " + who + ": audit rows with this person as the actor")
                                .isGreaterThan(before);
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("the changes checked", () -> assertThat(checked.get())
                .as("changes the table's calls made and this test checked").isGreaterThanOrEqualTo(12)));
        return tests;
    }

    private long writes() {
        return published.stream(org.outgrow.shared.AuditEvent.class)
                .filter(event -> event.kind() != org.outgrow.shared.AuditEvent.Kind.READ).count();
    }

    private long auditRowsOf(Who who) {
        UUID actor = switch (who) {
            case CLIENT -> people.clientAccount();
            case THERAPIST -> people.therapist();
            case SUPERVISOR -> people.supervisor();
            case ADMIN -> people.admin();
            default -> throw new IllegalArgumentException(who.name());
        };
        return practices.inPractice(people, () -> jdbc.sql("select count(*) from audit_event where actor_account_id = ?")
                .params(actor).query(Long.class).single());
    }

    private MockHttpServletResponse callAs(Visitor visitor, Row row) throws Exception {
        return visitor.perform(request(row, fill(row), episode)).getResponse();
    }

    private String fill(Row row) {
        String path = row.path()
                .replace("{token}", Tokens.newToken())
                .replace("**", "liveness")
                .replace("{clientId}", people.client().toString())
                .replace("{focusId}", UUID.randomUUID().toString())
                .replace("{appointmentId}", UUID.randomUUID().toString())
                .replace("{scheduleId}", UUID.randomUUID().toString())
                .replace("{slug}", people.slug())
                .replace("{taskId}", UUID.randomUUID().toString())
                .replace("{noteId}", UUID.randomUUID().toString())
                .replace("{ruptureId}", UUID.randomUUID().toString())
                .replace("{reviewId}", UUID.randomUUID().toString())
                .replace("{requestId}", UUID.randomUUID().toString())
                .replace("{number}", "1")
                .replace("{id}", row.path().startsWith("/clients") ? people.client().toString()
                        : row.path().startsWith("/episodes") || row.path().startsWith("/portal/therapy") ? episode
                        : UUID.randomUUID().toString());
        return path;
    }

    /** The row's request on that path, with the form fields its handler needs to do its work. */
    static MockHttpServletRequestBuilder request(Row row, String path, String episode) {
        HttpMethod method = row.method().equals("ANY") ? HttpMethod.GET : HttpMethod.valueOf(row.method());
        MockHttpServletRequestBuilder request = MockMvcRequestBuilders.request(method, path).with(csrf());
        if (path.equals("/clients") && method == HttpMethod.POST) {
            request.param("displayName", "New Client " + UUID.randomUUID());
        }
        if (path.equals("/admin/settings") && method == HttpMethod.POST) {
            request.param("name", "Renamed").param("timeZone", "Europe/Berlin").param("crisisResources", "");
        }
        if (path.equals("/admin/expectations") && method == HttpMethod.POST) {
            request.param("text", "What to expect, version " + UUID.randomUUID());
        }
        if (path.equals("/portal/expectations") && method == HttpMethod.POST) {
            request.param("version", "1");
        }
        if (path.startsWith("/portal/consent") && method == HttpMethod.POST) {
            request.param("given", "true");
        }
        if (path.equals("/admin/staff")) {
            request.param("email", "new." + UUID.randomUUID() + "@example.test").param("displayName", "New Person")
                    .param("roles", "THERAPIST");
        }
        if (path.endsWith("/state")) {
            request.param("target", "ASSESSMENT").param("state", "DONE");
        }
        if (path.equals("/portal/tasks") && method == HttpMethod.POST) {
            request.param("episode", episode).param("description", "Say no once this week");
        }
        if (row.path().equals("/episodes/{id}/foci/{focusId}")) {
            request.param("step", "agree");
        }
        if (path.endsWith("/measures/requests") || path.endsWith("/in-room")
                || path.endsWith("/measures/schedules")) {
            request.param("instrument", "phq-9").param("occasion", "BEFORE_SESSION");
        }
        if (path.equals("/in-room/unlock")) {
            request.param("password", TestPractice.PASSWORD);
        }
        if (path.contains("/process-notes")) {
            request.param("text", "A process note").param("version", "0").param("answer", "wrong");
        }
        if (path.contains("/notes")) {
            request.param("body", "Talked about the week").param("version", "0");
        }
        if (path.endsWith("/reviews")) {
            request.param("decision", "CONTINUE");
        }
        if (path.endsWith("/resolution")) {
            request.param("resolution", "Called the client");
        }
        if (path.endsWith("/attendance")) {
            request.param("outcome", "ATTENDED");
        }
        if (path.endsWith("/answer")) {
            request.param("wantsChange", "true");
        }
        if (path.endsWith("/rating")) {
            request.param("rating", "5");
        }
        if (path.equals("/login/link") && method == HttpMethod.POST) {
            request.param("email", "nobody@example.test");
        }
        return request;
    }

    static String outcome(MockHttpServletResponse response) {
        String location = response.getRedirectedUrl();
        if (response.getStatus() == 302 && location != null && location.startsWith("/login")
                && !location.startsWith("/login/second-factor")) {
            // The handler's own redirects (after setting a password, after signing out everywhere).
            return location.startsWith("/login?passwordSet") || location.startsWith("/login?signedOut") ? "ok"
                    : "login";
        }
        if (response.getStatus() == 401) {
            return "login";
        }
        if (response.getStatus() == 403 || response.getStatus() == 404) {
            return Integer.toString(response.getStatus());
        }
        return response.getStatus() < 400 ? "ok" : "unexpected " + response.getStatus();
    }

    static List<Row> table() throws IOException {
        String text = new String(AccessTableTest.class.getResourceAsStream("/access-table.txt").readAllBytes(),
                StandardCharsets.UTF_8);
        List<Row> rows = new ArrayList<>();
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.trim().split("\\s+");
            Map<Who, String> expected = new EnumMap<>(Who.class);
            for (Who who : Who.values()) {
                expected.put(who, cells[2 + who.ordinal()]);
            }
            rows.add(new Row(cells[0], cells[1], expected));
        }
        return rows;
    }
}
