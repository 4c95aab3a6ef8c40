package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Role;
import org.outgrow.security.AccessTableTest.Row;
import org.outgrow.security.AccessTableTest.Who;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checklist T13, generated from the access table: every endpoint that names a record is tried,
 * with the ids of real records (the demo practice's: Sam Okafor's client Robin Hale, her episode,
 * its foci, sessions, tasks, notes, ruptures, schedules, questionnaires, alerts, Sam's supervision
 * request and reviews), by everyone who may use the endpoint for their own records but not for
 * these: the other therapist of the practice, also with her own episode in the address and Sam's
 * record after it; another client; a second supervisor; and the therapist, client, supervisor and
 * administrator of another practice. Each is refused (403 or 404), the demo practice's data is the
 * same afterwards, and the refusal is in the intruder's audit log. The owners reach the same pages.
 */
@OutgrowTest
@ActiveProfiles("demo")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectAccessTest {

    private static final String DEMO_PASSWORD = "outgrow demo 2026";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Accounts accounts;

    @Autowired
    PasswordEncoder passwords;

    /** Someone trying another's records: who they are, how they sign in, where their refusals are audited. */
    private record Intruder(String name, Who role, Visitor visitor, PracticeId practice, UUID account,
                            boolean ownEpisodeInAddress) {
    }

    private PracticeId demo;
    private TestPractice.People elsewhere;
    private final List<Intruder> intruders = new ArrayList<>();
    private final Map<Who, Visitor> owners = new LinkedHashMap<>();
    private UUID robinsEpisode;
    private UUID janasEpisode;
    private UUID robin;
    private UUID sam;

    @BeforeAll
    void signInEveryone() throws Exception {
        demo = PracticeId.of(jdbc.sql("select id from practice where slug = 'demo'").query(UUID.class).single()
                .toString());
        elsewhere = practices.create();
        UUID secondSupervisor = inDemo(() -> accounts.create("second.supervisor@outgrow-demo.test", "Sid Second",
                Set.of(Role.SUPERVISOR), true, passwords.encode(DEMO_PASSWORD)));
        inDemo(() -> {
            sam = accountOf("sam.okafor@outgrow-demo.test");
            robin = jdbc.sql("select id from client where display_name = 'Robin Hale'").query(UUID.class).single();
            robinsEpisode = jdbc.sql("select id from episode where client_id = ? order by opened_at desc limit 1")
                    .params(robin).query(UUID.class).single();
            janasEpisode = jdbc.sql("select id from episode where therapist_id = ? order by opened_at desc limit 1")
                    .params(accountOf("jana.weber@outgrow-demo.test")).query(UUID.class).single();
            return null;
        });
        owners.put(Who.THERAPIST, Visitor.signedIn(mvc, "sam.okafor@outgrow-demo.test", DEMO_PASSWORD));
        owners.put(Who.CLIENT, Visitor.signedIn(mvc, "robin.hale@outgrow-demo.test", DEMO_PASSWORD));
        owners.put(Who.SUPERVISOR, Visitor.signedIn(mvc, "ruth.lindqvist@outgrow-demo.test", DEMO_PASSWORD));
        owners.put(Who.ADMIN, Visitor.signedIn(mvc, "admin@outgrow-demo.test", DEMO_PASSWORD));

        seedWhatTheDemoLacks();

        Visitor jana = Visitor.signedIn(mvc, "jana.weber@outgrow-demo.test", DEMO_PASSWORD);
        UUID janaId = inDemo(() -> accountOf("jana.weber@outgrow-demo.test"));
        intruders.add(new Intruder("the practice's other therapist", Who.THERAPIST, jana, demo, janaId, false));
        intruders.add(new Intruder("the other therapist, her own episode in the address", Who.THERAPIST, jana, demo,
                janaId, true));
        intruders.add(new Intruder("another client of the practice", Who.CLIENT,
                Visitor.signedIn(mvc, "amara.obi@outgrow-demo.test", DEMO_PASSWORD), demo,
                inDemo(() -> accountOf("amara.obi@outgrow-demo.test")), false));
        intruders.add(new Intruder("a second supervisor of the practice", Who.SUPERVISOR,
                Visitor.signedIn(mvc, "second.supervisor@outgrow-demo.test", DEMO_PASSWORD), demo, secondSupervisor,
                false));
        intruders.add(new Intruder("another practice's therapist", Who.THERAPIST,
                Visitor.signedIn(mvc, elsewhere.therapistEmail(), TestPractice.PASSWORD), elsewhere.practice(),
                elsewhere.therapist(), false));
        intruders.add(new Intruder("another practice's client", Who.CLIENT,
                Visitor.signedIn(mvc, elsewhere.clientEmail(), TestPractice.PASSWORD), elsewhere.practice(),
                elsewhere.clientAccount(), false));
        intruders.add(new Intruder("another practice's supervisor", Who.SUPERVISOR,
                Visitor.signedIn(mvc, elsewhere.supervisorEmail(), TestPractice.PASSWORD), elsewhere.practice(),
                elsewhere.supervisor(), false));
        intruders.add(new Intruder("another practice's administrator", Who.ADMIN,
                Visitor.signedIn(mvc, elsewhere.adminEmail(), TestPractice.PASSWORD), elsewhere.practice(),
                elsewhere.admin(), false));
    }

    /** Records the demo practice does not hold, made the way their owners make them. */
    private void seedWhatTheDemoLacks() throws Exception {
        String episode = "/episodes/" + robinsEpisode;
        Visitor samVisitor = owners.get(Who.THERAPIST);
        samVisitor.perform(post(episode + "/ruptures").param("on", "2026-11-30").param("noticedBy", "THERAPIST")
                .param("kind", "WITHDRAWAL").with(csrf()));
        owners.get(Who.ADMIN).perform(post("/admin/notes-policy").param("visible", "true").with(csrf()));
        samVisitor.perform(post(episode + "/process-notes").param("text", "Sam's own thoughts").with(csrf()));
        samVisitor.createApiToken("READ");
        samVisitor.perform(post(episode + "/supervision").param("supervisor",
                inDemo(() -> accountOf("ruth.lindqvist@outgrow-demo.test")).toString())
                .param("question", "How do I pace the ending?").with(csrf()));
        Visitor admin = owners.get(Who.ADMIN);
        admin.perform(post("/admin/emergency").param("client", robin.toString())
                .param("reason", "Police called: welfare check, therapist on leave")
                .param("answer", DEMO_PASSWORD).with(csrf()));
        String run = admin.perform(multipart("/admin/imports")
                .file(new MockMultipartFile("file", "records", "text/csv", ("client,date,gad7_1,gad7_2,gad7_3,"
                        + "gad7_4,gad7_5,gad7_6,gad7_7\nK-1,2025-01-06,2,2,2,2,1,1,1\n").getBytes(StandardCharsets.UTF_8)))
                .param("format", "CSV").param("instrument", "gad-7").param("therapist", sam.toString())
                .with(csrf())).getResponse().getRedirectedUrl();
        assertThat(run).startsWith("/admin/imports/");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !admin.perform(get(run)).getResponse().getContentAsString().contains("every 2s"));
    }

    @TestFactory
    List<DynamicTest> nobodyReachesAnothersRecordsByTheirIds() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> withoutRecord = new ArrayList<>();
        for (Row row : AccessTableTest.table()) {
            if (row.path().startsWith("/fhir/") || !namesARecord(row.path())) {
                continue;
            }
            Optional<Map<String, UUID>> ids = recordsFor(row.path());
            if (ids.isEmpty()) {
                withoutRecord.add(row.key());
                continue;
            }
            String victimPath = fill(row.path(), ids.get());
            for (Intruder intruder : intruders) {
                String allowed = row.expected().get(intruder.role());
                if (!allowed.equals("ok") && !allowed.equals("404")) {
                    continue; // refused to that role whatever the record: the access table's test
                }
                if (intruder.ownEpisodeInAddress() && !(row.path().startsWith("/episodes/{id}/")
                        && PLACEHOLDER.matcher(row.path().substring("/episodes/{id}/".length())).find())) {
                    continue;
                }
                String path = intruder.ownEpisodeInAddress()
                        ? victimPath.replaceFirst("^/episodes/[^/]+", "/episodes/" + janasEpisode) : victimPath;
                String attempt = row.method() + " " + path + " by " + intruder.name();
                tests.add(DynamicTest.dynamicTest(attempt, () -> {
                    Map<String, String> before = inDemo(() -> PracticeDigest.of(jdbc));
                    long denials = deniedFor(intruder);
                    String outcome = AccessTableTest.outcome(intruder.visitor()
                            .perform(AccessTableTest.request(row, path, robinsEpisode.toString())).getResponse());
                    assertThat(outcome).as("answer to " + attempt).isIn("403", "404");
                    assertThat(inDemo(() -> PracticeDigest.of(jdbc))).as("the practice's data after " + attempt).isEqualTo(before);
                    assertThat(deniedFor(intruder)).as("refusal audited: " + attempt)
                            .isGreaterThan(denials);
                }));
            }
            if (row.method().equals("GET")) {
                Who owner = List.of(Who.THERAPIST, Who.CLIENT, Who.SUPERVISOR, Who.ADMIN).stream()
                        .filter(who -> row.expected().get(who).equals("ok")).findFirst().orElse(null);
                if (owner != null) {
                    tests.add(DynamicTest.dynamicTest("GET " + victimPath + " by its owner (" + owner + ")",
                            () -> assertThat(AccessTableTest.outcome(owners.get(owner).perform(get(victimPath))
                                    .getResponse())).as("GET " + victimPath + " by its owner").isEqualTo("ok")));
                }
            }
        }
        assertThat(withoutRecord).as("endpoints whose record the demo practice lacks").isEmpty();
        assertThat(tests).hasSizeGreaterThan(100);
        return tests;
    }

    /**
     * Forms that name a record in their fields rather than the address: an intruder naming
     * someone else's changes nothing in either practice, and a progress note cannot be attached to
     * a session of another episode.
     */
    @TestFactory
    List<DynamicTest> aFormNamingAnothersRecordChangesNothing() {
        Intruder jana = intruders.getFirst();
        Intruder amara = intruders.get(2);
        Intruder otherAdmin = intruders.getLast();
        UUID samsAppointment = inDemo(() -> jdbc.sql("select id from appointment where episode_id = ? limit 1")
                .params(robinsEpisode).query(UUID.class).single());
        record Attempt(String what, Intruder intruder, org.springframework.test.web.servlet.request
                .MockHttpServletRequestBuilder request, boolean notFound) {
        }
        List<Attempt> attempts = List.of(
                new Attempt("a note on her own episode attached to Sam's session", jana,
                        post("/episodes/" + janasEpisode + "/notes").param("body", "Moved over")
                                .param("appointment", samsAppointment.toString()), true),
                new Attempt("a task proposed on Robin's episode by another client", amara,
                        post("/portal/tasks").param("episode", robinsEpisode.toString())
                                .param("description", "Planted"), false),
                new Attempt("emergency access to Robin by another practice's administrator", otherAdmin,
                        post("/admin/emergency").param("client", robin.toString())
                                .param("reason", "Police called: welfare check, therapist on leave"), false),
                new Attempt("a load share with another practice's supervisor", jana,
                        post("/wellbeing/shares").param("supervisor", elsewhere.supervisor().toString()), false),
                new Attempt("her own case brought to another practice's supervisor", jana,
                        post("/episodes/" + janasEpisode + "/supervision")
                                .param("supervisor", elsewhere.supervisor().toString()).param("question", "Help?"),
                        false));
        return attempts.stream().map(attempt -> DynamicTest.dynamicTest(attempt.what(), () -> {
            Map<String, String> demoBefore = inDemo(() -> PracticeDigest.of(jdbc));
            Map<String, String> elsewhereBefore = practices.inPractice(elsewhere, () -> PracticeDigest.of(jdbc));
            String outcome = AccessTableTest.outcome(attempt.intruder().visitor()
                    .perform(attempt.request().with(csrf())).getResponse());
            if (attempt.notFound()) {
                assertThat(outcome).as(attempt.what()).isEqualTo("404");
            }
            assertThat(inDemo(() -> PracticeDigest.of(jdbc))).as(attempt.what()).isEqualTo(demoBefore);
            assertThat(practices.inPractice(elsewhere, () -> PracticeDigest.of(jdbc))).as(attempt.what())
                    .isEqualTo(elsewhereBefore);
        })).toList();
    }

    private static boolean namesARecord(String path) {
        Matcher matcher = PLACEHOLDER.matcher(path);
        while (matcher.find()) {
            if (!Set.of("token", "slug", "number").contains(matcher.group(1))) {
                return true;
            }
        }
        return false;
    }

    /** Real records of Sam's for each placeholder of the path, those under an episode from one episode. */
    private Optional<Map<String, UUID>> recordsFor(String path) {
        return inDemo(() -> {
            Map<String, UUID> ids = new LinkedHashMap<>();
            ids.put("clientId", robin);
            if (path.startsWith("/clients/")) {
                ids.put("id", robin);
            } else if (path.startsWith("/episodes/") || path.startsWith("/portal/therapy/")) {
                String sub = episodeRecordTable(path);
                if (sub == null) {
                    ids.put("id", robinsEpisode);
                } else {
                    Optional<Map<String, Object>> found = jdbc.sql("select t.id, t.episode_id from " + sub + " t"
                            + " join episode e on e.practice_id = t.practice_id and e.id = t.episode_id"
                            + " where e.therapist_id = ? order by (e.client_id = ?) desc, t.id limit 1")
                            .params(sam, robin).query().listOfRows().stream().findFirst();
                    if (found.isEmpty()) {
                        return Optional.<Map<String, UUID>>empty();
                    }
                    ids.put("id", (UUID) found.get().get("episode_id"));
                    ids.put(PLACEHOLDER.matcher(path.substring(path.indexOf('}') + 1)).results().findFirst()
                            .orElseThrow().group(1), (UUID) found.get().get("id"));
                }
            } else {
                String sql = switch (path.replaceAll("\\{[a-zA-Z]+}.*", "")) {
                    case "/portal/questionnaires/" -> "select id from measure_request where client_id = :client limit 1";
                    case "/portal/sessions/" -> "select a.id from appointment a join episode e on e.id = a.episode_id"
                            + " and e.practice_id = a.practice_id where e.client_id = :client limit 1";
                    case "/portal/tasks/" -> "select t.id from between_session_task t join episode e on e.id ="
                            + " t.episode_id and e.practice_id = t.practice_id where e.client_id = :client limit 1";
                    case "/alerts/" -> "select id from alert where owner_id = :sam limit 1";
                    case "/supervision/" -> "select id from supervision_request where"
                            + " exists (select 1 from supervision_review r where r.request_id ="
                            + " supervision_request.id) limit 1";
                    case "/admin/staff/" -> "select cast(:sam as uuid)";
                    case "/admin/clients/" -> "select cast(:client as uuid)";
                    case "/admin/emergency/" -> "select id from emergency_access limit 1";
                    case "/admin/imports/" -> "select id from import_run limit 1";
                    case "/account/api-tokens/" -> "select id from api_token where account_id = :sam limit 1";
                    default -> throw new IllegalStateException("Which record does " + path + " name?");
                };
                Optional<UUID> id = jdbc.sql(sql).param("client", robin).param("sam", sam).query(UUID.class).optional();
                if (id.isEmpty()) {
                    return Optional.<Map<String, UUID>>empty();
                }
                ids.put(path.contains("{appointmentId}") ? "appointmentId" : path.contains("{taskId}") ? "taskId"
                        : "id", id.get());
                if (path.contains("{reviewId}")) {
                    ids.put("reviewId", jdbc.sql("select id from supervision_review where request_id = ? limit 1")
                            .params(id.get()).query(UUID.class).single());
                }
            }
            return Optional.of(ids);
        });
    }

    /** The table of the record an episode's address names after the episode, if it names one. */
    private static String episodeRecordTable(String path) {
        if (path.contains("{focusId}")) {
            return "change_focus";
        }
        if (path.contains("{appointmentId}")) {
            return "appointment";
        }
        if (path.contains("{taskId}")) {
            return "between_session_task";
        }
        if (path.contains("{noteId}")) {
            return path.contains("/process-notes/") ? "process_note" : "progress_note";
        }
        if (path.contains("{ruptureId}")) {
            return "rupture";
        }
        if (path.contains("{scheduleId}")) {
            return "measure_schedule";
        }
        if (path.contains("{requestId}")) {
            return path.contains("/supervision/") ? "supervision_request" : "measure_request";
        }
        return null;
    }

    private static String fill(String path, Map<String, UUID> ids) {
        String filled = path.replace("{number}", "1");
        for (Map.Entry<String, UUID> id : ids.entrySet()) {
            filled = filled.replace("{" + id.getKey() + "}", id.getValue().toString());
        }
        assertThat(filled).as("every placeholder of " + path + " filled").doesNotContain("{");
        return filled;
    }

    private long deniedFor(Intruder intruder) {
        return Tenancy.call(Tenancy.Context.of(intruder.practice()), () -> transactions.execute(status ->
                jdbc.sql("select count(*) from audit_event where outcome = 'DENIED' and actor_account_id = ?")
                        .params(intruder.account()).query(Long.class).single()));
    }

    private UUID accountOf(String email) {
        return jdbc.sql("select id from account where email = ?").params(email).query(UUID.class).single();
    }

    /** In the demo practice, as Sam once he is known, so that his process notes are seen (they are only their author's). */
    private <T> T inDemo(Supplier<T> work) {
        Tenancy.Context context = sam == null ? Tenancy.Context.of(demo) : Tenancy.Context.of(demo, sam);
        return Tenancy.call(context, () -> transactions.execute(status -> work.get()));
    }
}
