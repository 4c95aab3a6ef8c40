package org.outgrow.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.Tokens;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.shared.Ids;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The benchmark harness: measures a running Outgrow (started with the {@code bench} profile on a
 * database filled by {@link SyntheticPractice}) against each budget's floor in one run, with a
 * small load driver on {@link HttpClient} (Gatling does not resolve from the registry here) and
 * plain sorted latencies. Each part prints its raw numbers and the ratio; nothing is asserted.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.outgrow.benchmarks.LoadBenchmark \
 *     --base http://localhost:18480 --url jdbc:postgresql://127.0.0.1:5432/outgrow_bench --practice bench
 * </pre>
 */
public final class LoadBenchmark {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final String base;
    private final String practiceSlug;
    private final Connection db;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final Instrument phq = new InstrumentLibrary().find("phq-9").orElseThrow();
    private final Map<String, String> options;
    private UUID practice;

    private LoadBenchmark(Map<String, String> options, Connection db) {
        this.options = options;
        this.base = options.getOrDefault("base", "http://localhost:18480");
        this.practiceSlug = options.getOrDefault("practice", "bench");
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].substring(2), args[i + 1]);
        }
        try (Connection db = DriverManager.getConnection(options.getOrDefault("url",
                "jdbc:postgresql://127.0.0.1:5432/outgrow_bench"), options.getOrDefault("user", "postgres"), "")) {
            LoadBenchmark bench = new LoadBenchmark(options, db);
            bench.practice = bench.uuid("select id from practice where slug = ?", bench.practiceSlug);
            System.out.printf(Locale.ROOT, "Practice %s: %d clients, %d episodes, %d responses%n", bench.practiceSlug,
                    bench.count("client"), bench.count("episode"), bench.count("measure_response"));
            // "hapi" (not by default) needs a HAPI FHIR JPA server at --hapi (.ci/bench-hapi starts one).
            List<String> parts = List.of(options.getOrDefault("parts", "submit,caseload,outcomes,import").split(","));
            if (parts.contains("submit")) {
                bench.submit();
            }
            if (parts.contains("hapi")) {
                bench.versusHapi();
            }
            if (parts.contains("caseload")) {
                bench.caseload();
            }
            if (parts.contains("outcomes")) {
                bench.outcomes();
            }
            if (parts.contains("import")) {
                bench.importVersusCopy();
            }
        }
    }

    // --- submit a PHQ-9 against the floor --------------------------------------------------------

    private record Target(String token, UUID client) {
    }

    private void submit() throws Exception {
        int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        // 30 s each: after 10 s the JIT had not settled (the first floor round ran at half the second's rate).
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "30"));
        String appRole = options.getOrDefault("app-role", "outgrow_bench_app");
        try (Statement ddl = db.createStatement()) {
            ddl.execute("""
                    create table if not exists bench_floor (practice_id uuid not null references practice (id),
                        id uuid primary key, account_id uuid not null, created_at timestamptz not null)""");
            ddl.execute("alter table bench_floor enable row level security");
            ddl.execute("alter table bench_floor force row level security");
            ddl.execute("drop policy if exists bench_floor_tenant on bench_floor");
            ddl.execute("create policy bench_floor_tenant on bench_floor using (practice_id = app_practice())");
            ddl.execute("grant select, insert on bench_floor to " + appRole);
        }
        List<String> tokens = new ArrayList<>();
        List<Target> targets = targets(tokens);
        System.out.printf(Locale.ROOT, "%nSubmit: %d tokens, %d patients with open episodes, %d threads, %d s per round%n",
                tokens.size(), targets.size(), threads, seconds);
        Function<Integer, HttpRequest> floor = n -> HttpRequest.newBuilder(URI.create(base + "/fhir/r4/bench-floor"))
                .header("Authorization", "Bearer " + tokens.get(n % tokens.size()))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        Function<Integer, HttpRequest> submit = n -> {
            Target target = targets.get(Math.floorMod(n * 7919, targets.size()));
            return HttpRequest.newBuilder(URI.create(base + "/fhir/r4/QuestionnaireResponse"))
                    .header("Authorization", "Bearer " + target.token())
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(questionnaireResponse(target.client()))).build();
        };
        run("warm-up floor", floor, threads, warmUp, 204);
        run("warm-up submit", submit, threads, warmUp, 201);
        // Alternating rounds, so that drift in the machine's load hits both alike.
        List<Result> floors = new ArrayList<>();
        List<Result> submits = new ArrayList<>();
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            floors.add(run("floor (insert one row)", floor, threads, seconds, 204));
            submits.add(run("submit PHQ-9 (FHIR)", submit, threads, seconds, 201));
            ratios.add(submits.getLast().perSecond() / floors.getLast().perSecond());
        }
        double floorRate = floors.stream().mapToDouble(Result::perSecond).average().orElseThrow();
        double submitRate = submits.stream().mapToDouble(Result::perSecond).average().orElseThrow();
        System.out.printf(Locale.ROOT, "RESULT submit: %.0f/s vs floor %.0f/s = %.2fx (budget >= 0.5x); rounds %s%n",
                submitRate, floorRate, submitRate / floorRate, ratios.stream()
                        .map(ratio -> String.format(Locale.ROOT, "%.2fx", ratio)).toList());
    }

    /** Tokens for 40 therapists (added to {@code tokens}); each posts for the clients of its open episodes. */
    private List<Target> targets(List<String> tokens) throws SQLException {
        List<Target> targets = new ArrayList<>();
        try (PreparedStatement therapists = db.prepareStatement("""
                select e.therapist_id, array_agg(e.client_id) from episode e
                where e.practice_id = ? and e.state in ('ACTIVE', 'ENDING')
                group by e.therapist_id order by e.therapist_id limit 40""")) {
            therapists.setObject(1, practice);
            try (ResultSet rs = therapists.executeQuery()) {
                while (rs.next()) {
                    String secret = Tokens.newToken();
                    try (PreparedStatement insert = db.prepareStatement("""
                            insert into api_token (practice_id, id, account_id, name, scopes, token_hash, created_at, expires_at)
                            values (?, ?, ?, 'benchmark', '{SUBMIT_RESPONSES,READ}', ?, now(), now() + interval '1 day')""")) {
                        insert.setObject(1, practice);
                        insert.setObject(2, Ids.next());
                        insert.setObject(3, rs.getObject(1, UUID.class));
                        insert.setString(4, Tokens.hash(secret));
                        insert.executeUpdate();
                    }
                    tokens.add("og_" + secret);
                    for (UUID client : (UUID[]) rs.getArray(2).getArray()) {
                        targets.add(new Target("og_" + secret, client));
                    }
                }
            }
        }
        return targets;
    }

    private String questionnaireResponse(UUID client) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder items = new StringBuilder();
        List<Instrument.Item> all = phq.items();
        for (int i = 0; i < all.size(); i++) {
            int value = i == all.size() - 1 ? (random.nextInt(20) == 0 ? 1 : 0) : random.nextInt(4);
            items.append(i == 0 ? "" : ",").append("{\"linkId\":\"").append(all.get(i).id())
                    .append("\",\"answer\":[{\"valueInteger\":").append(value).append("}]}");
        }
        return "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\",\"questionnaire\":"
                + "\"https://fhir.outgrow.org/Questionnaire/phq-9\",\"subject\":{\"reference\":\"Patient/" + client
                + "\"},\"item\":[" + items + "]}";
    }

    // --- submit a PHQ-9 against HAPI FHIR JPA server's create -------------------------------------

    /**
     * The same PHQ-9 bodies, posted to Outgrow (with a bearer token) and to a HAPI FHIR JPA server
     * (plain FHIR base, no authentication) with the same threads for the same time, in alternating
     * rounds. HAPI first gets Outgrow's PHQ-9 Questionnaire and a Patient for every target client
     * under the client's id, so that its creates reference resources that exist in its database.
     */
    private void versusHapi() throws Exception {
        int threads = Integer.parseInt(options.getOrDefault("threads", "8"));
        int seconds = Integer.parseInt(options.getOrDefault("seconds", "30"));
        int warmUp = Integer.parseInt(options.getOrDefault("warm-up", "30"));
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "3"));
        String hapi = options.getOrDefault("hapi", "http://localhost:18490/fhir");
        List<String> tokens = new ArrayList<>();
        List<Target> targets = targets(tokens);
        HttpResponse<String> questionnaire = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/fhir/r4/Questionnaire/phq-9"))
                .header("Authorization", "Bearer " + tokens.getFirst()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        put(hapi + "/Questionnaire/phq-9", questionnaire.body());
        for (UUID client : targets.stream().map(Target::client).distinct().toList()) {
            put(hapi + "/Patient/" + client, "{\"resourceType\":\"Patient\",\"id\":\"" + client
                    + "\",\"active\":true}");
        }
        System.out.printf(Locale.ROOT, "%nSubmit vs HAPI FHIR JPA (%s): %d patients, %d threads, %d s per round%n",
                hapi, targets.size(), threads, seconds);
        Function<Integer, HttpRequest> outgrow = n -> {
            Target target = targets.get(Math.floorMod(n * 7919, targets.size()));
            return HttpRequest.newBuilder(URI.create(base + "/fhir/r4/QuestionnaireResponse"))
                    .header("Authorization", "Bearer " + target.token())
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(questionnaireResponse(target.client()))).build();
        };
        Function<Integer, HttpRequest> hapiCreate = n -> {
            Target target = targets.get(Math.floorMod(n * 7919, targets.size()));
            return HttpRequest.newBuilder(URI.create(hapi + "/QuestionnaireResponse"))
                    .header("Content-Type", "application/fhir+json")
                    .POST(HttpRequest.BodyPublishers.ofString(questionnaireResponse(target.client()))).build();
        };
        // One create alone first: HAPI adds a resource type's row on its first use, and concurrent
        // first uses of a new type fail on that row's unique key (5 of the first 8 seen here).
        runCount("first HAPI create", hapiCreate, 1, 1, 201);
        // Longer warm-ups than the submit part's: Hibernate's and HAPI's code paths take a while to compile.
        run("warm-up HAPI create", hapiCreate, threads, warmUp, 201);
        run("warm-up Outgrow submit", outgrow, threads, warmUp, 201);
        List<Result> hapis = new ArrayList<>();
        List<Result> outgrows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            hapis.add(run("HAPI JPA create", hapiCreate, threads, seconds, 201));
            outgrows.add(run("Outgrow submit (FHIR)", outgrow, threads, seconds, 201));
        }
        Result h = merged("HAPI", hapis);
        Result o = merged("Outgrow", outgrows);
        System.out.printf(Locale.ROOT, "RESULT hapi: Outgrow %.0f/s (p50 %.1f ms, p95 %.1f ms) vs HAPI JPA %.0f/s "
                        + "(p50 %.1f ms, p95 %.1f ms) = %.2fx (budget >= 3x)%n", o.perSecond(), o.percentile(50),
                o.percentile(95), h.perSecond(), h.percentile(50), h.percentile(95), o.perSecond() / h.perSecond());
    }

    private void put(String url, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/fhir+json").PUT(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 && response.statusCode() != 201) {
            throw new IllegalStateException("PUT " + url + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** The rounds as one: all their requests over all their time. */
    private static Result merged(String name, List<Result> rounds) {
        return new Result(name, rounds.stream().mapToInt(Result::count).sum(),
                rounds.stream().mapToDouble(Result::seconds).sum(),
                rounds.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).sorted().toArray(),
                rounds.stream().mapToInt(Result::failures).sum());
    }

    // --- caseload ---------------------------------------------------------------------------------

    private void caseload() throws Exception {
        int threads = Integer.parseInt(options.getOrDefault("caseload-threads", "4"));
        int requests = Integer.parseInt(options.getOrDefault("caseload-requests", "2000"));
        List<Session> sessions = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            sessions.add(signIn("therapist-" + n + "@" + practiceSlug + ".bench.test"));
        }
        Function<Integer, HttpRequest> page = n -> sessions.get(n % sessions.size()).get("/caseload");
        System.out.printf(Locale.ROOT, "%nCaseload: 40 therapists (caseloads of %s clients), %d threads%n",
                caseloadSizes(), threads);
        runCount("warm-up caseload", page, threads, 200, 200);
        Result result = runCount("caseload page", page, threads, requests, 200);
        Result single = runCount("caseload page, one at a time", page, 1, requests / 4, 200);
        System.out.printf(Locale.ROOT, "RESULT caseload: p95 %.1f ms with %d threads, p95 %.1f ms one at a time "
                + "(budget p95 <= 50 ms)%n", result.percentile(95), threads, single.percentile(95));
    }

    private String caseloadSizes() throws SQLException {
        try (PreparedStatement sizes = db.prepareStatement("""
                select min(n), max(n) from (select count(*) n from client c join account a on a.id = c.therapist_id
                where c.practice_id = ? and a.email ~ '^therapist-([1-9]|[1-3][0-9]|40)@' group by c.therapist_id) s""")) {
            sizes.setObject(1, practice);
            try (ResultSet rs = sizes.executeQuery()) {
                rs.next();
                return rs.getInt(1) + "–" + rs.getInt(2);
            }
        }
    }

    // --- practice outcome report against the aggregate in SQL -------------------------------------

    private void outcomes() throws Exception {
        int runs = Integer.parseInt(options.getOrDefault("outcome-runs", "10"));
        Session admin = signIn("admin@" + practiceSlug + ".bench.test");
        String to = LocalDate.now().plusDays(1).toString();
        String query = "?from=2000-01-01&to=" + to;
        long ended = scalar("select count(*) from episode where practice_id = ? and state in ('ENDED', 'FOLLOW_UP')",
                practice);
        System.out.printf(Locale.ROOT, "%nOutcome report over %d ended episodes, %d runs each, one at a time%n", ended,
                runs);
        runCount("warm-up outcome page", n -> admin.get("/admin/outcomes" + query), 1, 2, 200);
        Result page = runCount("outcome page (HTML)", n -> admin.get("/admin/outcomes" + query), 1, runs, 200);
        Result csv = runCount("outcome figures (CSV)", n -> admin.get("/admin/outcomes.csv" + query), 1, runs, 200);
        String appUrl = options.getOrDefault("url", "jdbc:postgresql://127.0.0.1:5432/outgrow_bench");
        // The hand-written aggregate with the server's settings, then with JIT off as the application runs.
        double sqlMedian = Double.MAX_VALUE;
        for (String settings : List.of("server defaults", "jit off")) {
            long[] sql = new long[runs];
            long[] counts = null;
            try (Connection app = DriverManager.getConnection(appUrl, options.getOrDefault("app-role",
                    "outgrow_bench_app"), options.getOrDefault("app-password", "bench"))) {
                if (settings.equals("jit off")) {
                    app.createStatement().execute("set jit = off");
                }
                app.setAutoCommit(false);
                for (int run = -2; run < runs; run++) {
                    long start = System.nanoTime();
                    counts = handWritten(app, Instant.parse("2000-01-01T00:00:00Z"),
                            LocalDate.now().plusDays(2).atStartOfDay().toInstant(java.time.ZoneOffset.UTC));
                    if (run >= 0) {
                        sql[run] = System.nanoTime() - start;
                    }
                }
            }
            Arrays.sort(sql);
            sqlMedian = Math.min(sqlMedian, sql[runs / 2] / 1e6);
            System.out.printf(Locale.ROOT, "  hand-written SQL aggregate (%s): median %.0f ms (min %.0f, max %.0f);"
                            + " practice: ended %d, paired %d, reliable improvement %d, recovery %d, reliable recovery"
                            + " %d, deterioration %d, planned %d, dropout %d%n", settings, sql[runs / 2] / 1e6,
                    sql[0] / 1e6, sql[runs - 1] / 1e6, counts[0], counts[1], counts[2], counts[3], counts[4],
                    counts[5], counts[6], counts[7]);
        }
        String figures = admin.body(admin.get("/admin/outcomes.csv" + query));
        System.out.println("  the application's CSV, practice rows:");
        figures.lines().filter(line -> line.startsWith("practice,")).forEach(line -> System.out.println("    " + line));
        System.out.printf(Locale.ROOT, "RESULT outcomes: page median %.0f ms, CSV median %.0f ms vs SQL %.0f ms = "
                        + "%.2fx / %.2fx against the faster hand SQL (budget <= 2x, < 1 s)%n", page.percentile(50),
                csv.percentile(50), sqlMedian, page.percentile(50) / sqlMedian, csv.percentile(50) / sqlMedian);
    }

    /** The practice's figures in one statement, as the application's role under row-level security. */
    private long[] handWritten(Connection app, Instant from, Instant to) throws SQLException {
        try (PreparedStatement tenancy = app.prepareStatement("select set_config('app.practice_id', ?, true)")) {
            tenancy.setString(1, practice.toString());
            tenancy.execute();
        }
        try (PreparedStatement figures = app.prepareStatement("""
                with ended as (
                    select e.id, e.therapist_id, e.ending_kind, e.ended_at,
                        (select count(*) from appointment ap where ap.practice_id = e.practice_id
                            and ap.episode_id = e.id and ap.attendance = 'ATTENDED') as attended
                    from episode e
                    where e.practice_id = ? and e.state in ('ENDED', 'FOLLOW_UP') and e.ended_at >= ? and e.ended_at < ?
                ), pairs as (
                    select distinct r.episode_id,
                        first_value(r.total) over w as first_total, first_value(r.caseness) over w as first_case,
                        last_value(r.total) over w as last_total, last_value(r.caseness) over w as last_case,
                        count(*) over w as scored
                    from measure_response r join ended e on e.id = r.episode_id
                    where r.practice_id = ? and r.instrument = 'phq-9' and r.total is not null
                      and r.answered_at <= e.ended_at
                    window w as (partition by r.episode_id order by r.answered_at, r.id
                                 rows between unbounded preceding and unbounded following)
                ), classified as (
                    select e.therapist_id, e.ending_kind, e.attended, p.first_case,
                        case when p.scored >= 2 then case
                            when p.last_total - p.first_total >= 6 then 'RD'
                            when p.first_case and not p.last_case and p.first_total - p.last_total >= 6 then 'RR'
                            when p.first_case and not p.last_case then 'R'
                            when p.first_total - p.last_total >= 6 then 'RI'
                            else 'NC' end end as change
                    from ended e left join pairs p on p.episode_id = e.id
                )
                select therapist_id, count(*), count(change), count(*) filter (where change in ('RI', 'RR')),
                    count(*) filter (where first_case and change in ('R', 'RR')),
                    count(*) filter (where first_case and change = 'RR'), count(*) filter (where change = 'RD'),
                    count(*) filter (where ending_kind = 'PLANNED'), count(*) filter (where ending_kind = 'DROPPED_OUT'),
                    avg(attended)
                from classified group by grouping sets ((), (therapist_id))""")) {
            figures.setObject(1, practice);
            figures.setObject(2, java.sql.Timestamp.from(from));
            figures.setObject(3, java.sql.Timestamp.from(to));
            figures.setObject(4, practice);
            long[] practiceRow = new long[8];
            try (ResultSet rs = figures.executeQuery()) {
                while (rs.next()) {
                    if (rs.getObject(1) == null) {
                        for (int i = 0; i < 8; i++) {
                            practiceRow[i] = rs.getLong(2 + i);
                        }
                    }
                }
            }
            app.commit();
            return practiceRow;
        }
    }

    // --- bulk import against COPY ---------------------------------------------------------------

    /** An import the harness ran: the name its clients share, how long it took and how many rows it stored. */
    private record ImportRun(String run, double seconds, long rows) {
    }

    /** Uploads a CSV of new clients' PHQ-9s and waits until the run is done. */
    private ImportRun importOnce(int clients, int perClient, String label) throws Exception {
        StringBuilder csv = new StringBuilder("client,date");
        phq.items().forEach(item -> csv.append(',').append(item.id()));
        csv.append('\n');
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String run = Long.toString(System.nanoTime(), 36);
        for (int c = 0; c < clients; c++) {
            LocalDate day = LocalDate.of(2020, 1, 1).plusDays(random.nextInt(1500));
            for (int s = 0; s < perClient; s++) {
                csv.append("hist-").append(run).append('-').append(c).append(',').append(day.plusWeeks(s));
                for (int i = 0; i < phq.items().size(); i++) {
                    csv.append(',').append(i == phq.items().size() - 1 ? 0 : random.nextInt(4));
                }
                csv.append('\n');
            }
        }
        int rows = clients * perClient;
        UUID therapist = uuid("select id from account where email = ?", "therapist-1@" + practiceSlug + ".bench.test");
        Session admin = signIn("admin@" + practiceSlug + ".bench.test");
        String token = admin.csrf("/admin/imports");
        String boundary = "----bench" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (String[] field : new String[][] {{"_csrf", token}, {"format", "CSV"}, {"instrument", "phq-9"},
            {"therapist", therapist.toString()}}) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field[0] + "\"\r\n\r\n"
                    + field[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"history.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(csv.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        System.out.printf(Locale.ROOT, "%nImport: %d PHQ-9 rows for %d new clients (%.1f MB of CSV)%n", rows, clients,
                body.size() / 1e6);
        long before = scalar("select count(*) from import_run where practice_id = ?", practice);
        long start = System.nanoTime();
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/imports"))
                .header("Cookie", admin.cookie()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (posted.statusCode() >= 400) {
            throw new IllegalStateException("import refused: " + posted.statusCode());
        }
        // The run is done when its row says so; the 20 ms poll bounds how late we notice it.
        String[] state = {""};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofHours(1))
                .pollInterval(java.time.Duration.ofMillis(20)).until(() -> { // fine enough not to add to the time
                    if (scalar("select count(*) from import_run where practice_id = ?", practice) == before) {
                        return false;
                    }
                    state[0] = latestImportState(practice);
                    return state[0].equals("DONE") || state[0].equals("FAILED");
                });
        double importSeconds = (System.nanoTime() - start) / 1e9;
        long imported = scalar("select imported from import_run where practice_id = ? order by started_at desc limit 1",
                practice);
        System.out.printf(Locale.ROOT, "  %s: %s, %d rows in %.2f s (upload to done) = %.0f rows/s%n", label, state[0],
                imported, importSeconds, imported / importSeconds);
        return new ImportRun(run, importSeconds, imported);
    }

    /**
     * The same import twice, each into clients of its own: the first after start-up (the import's
     * code not yet compiled by the JIT) and the second, as every other part is measured, warm.
     */
    private void importVersusCopy() throws Exception {
        int clients = Integer.parseInt(options.getOrDefault("import-clients", "5000"));
        int perClient = Integer.parseInt(options.getOrDefault("import-per-client", "10"));
        ImportRun first = importOnce(clients, perClient, "first import");
        ImportRun measured = importOnce(clients, perClient, "import");
        String run = measured.run();
        double importSeconds = measured.seconds();
        long imported = measured.rows();
        // COPY of the very rows the import stored, into a table like measure_response (same indexes, and
        // the foreign key to episode), as the superuser.
        CopyManager copy = db.unwrap(PGConnection.class).getCopyAPI();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        copy.copyOut("copy (select * from measure_response where practice_id = '" + practice + "' and source = 'IMPORT'"
                + " and client_id in (select id from client where display_name like 'hist-" + run + "-%')) to stdout", out);
        double copySeconds = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Statement ddl = db.createStatement()) {
                ddl.execute("drop table if exists bench_copy");
                ddl.execute("create table bench_copy (like measure_response including all)");
                ddl.execute("alter table bench_copy add foreign key (practice_id, episode_id) references episode (practice_id, id)");
            }
            long copyStart = System.nanoTime();
            long copied = copy.copyIn("copy bench_copy from stdin", new ByteArrayInputStream(out.toByteArray()));
            copySeconds = Math.min(copySeconds, (System.nanoTime() - copyStart) / 1e9);
            System.out.printf(Locale.ROOT, "  COPY: %d rows in %.2f s%n", copied, (System.nanoTime() - copyStart) / 1e9);
        }
        try (Statement ddl = db.createStatement()) {
            ddl.execute("drop table bench_copy");
        }
        System.out.printf(Locale.ROOT, "RESULT import: %.0f rows/s vs COPY %.0f rows/s = %.2fx (budget >= 0.25x);"
                + " the first import after start-up %.2fx%n", imported / importSeconds, imported / copySeconds,
                copySeconds / importSeconds, copySeconds / first.seconds());
    }

    // --- the load driver ---------------------------------------------------------------------------

    record Result(String name, int count, double seconds, long[] nanos, int failures) {
        double perSecond() {
            return count / seconds;
        }

        double percentile(int p) {
            return nanos.length == 0 ? Double.NaN : nanos[Math.min(nanos.length - 1,
                    (int) Math.ceil(p / 100.0 * nanos.length) - 1)] / 1e6;
        }
    }

    /**
     * CPU spent so far on Linux, in milliseconds: the whole machine's busy time ({@code /proc/stat}),
     * the driver's own and, with {@code --app-pid}, the application's and that of the PostgreSQL
     * backends serving its database role ({@code --app-role}, as their process titles name it).
     * Per request, the machine's less the driver's is what the server side cost; what is neither
     * the application nor its backends is PostgreSQL's background work and the rest of the machine.
     */
    private record Cpu(double machine, double driver, double app, double backends) {
        private static final double TICK_MS = 10; // USER_HZ is 100 on Linux

        static Cpu now(@Nullable String appPid, String appRole) {
            double driver = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
            try {
                String[] total = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).getFirst()
                        .trim().split("\\s+");
                double busy = 0;
                for (int i : new int[] {1, 2, 3, 6, 7}) { // user nice system irq softirq
                    busy += Long.parseLong(total[i]);
                }
                if (appPid == null) {
                    return new Cpu(busy * TICK_MS, driver, Double.NaN, Double.NaN);
                }
                double backends = 0;
                for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
                    String title = processTitle(process.pid());
                    if (title.startsWith("postgres: ") && title.contains(" " + appRole + " ")) {
                        backends += ticks(process.pid());
                    }
                }
                return new Cpu(busy * TICK_MS, driver, ticks(Long.parseLong(appPid)) * TICK_MS, backends * TICK_MS);
            } catch (java.io.IOException | RuntimeException notLinux) {
                return new Cpu(Double.NaN, driver, Double.NaN, Double.NaN);
            }
        }

        private static String processTitle(long pid) {
            try {
                return new String(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(pid),
                        "cmdline")), StandardCharsets.UTF_8);
            } catch (java.io.IOException gone) {
                return "";
            }
        }

        /** utime + stime of a process; 0 for one that ended meanwhile. */
        private static long ticks(long pid) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException gone) {
                return 0;
            }
        }

        String perRequestSince(Cpu before, int requests) {
            if (Double.isNaN(machine) || requests == 0) {
                return "";
            }
            double server = (machine - before.machine - (driver - before.driver)) / requests;
            double app = (this.app - before.app) / requests;
            double pg = (backends - before.backends) / requests;
            return String.format(Locale.ROOT, "; CPU/request: server %.2f ms%s, driver %.2f ms", server,
                    Double.isNaN(app) ? "" : String.format(Locale.ROOT, " (app %.2f ms, its PostgreSQL backends %.2f ms,"
                            + " rest %.2f ms)", app, pg, server - app - pg), (driver - before.driver) / requests);
        }
    }

    /** As many requests as {@code threads} can make in {@code seconds}. */
    private Result run(String name, Function<Integer, HttpRequest> request, int threads, int seconds, int expected)
            throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        return drive(name, request, threads, expected, n -> System.nanoTime() < deadline);
    }

    /** Exactly {@code total} requests spread over {@code threads}. */
    private Result runCount(String name, Function<Integer, HttpRequest> request, int threads, int total, int expected)
            throws Exception {
        AtomicInteger left = new AtomicInteger(total);
        return drive(name, request, threads, expected, n -> left.getAndDecrement() > 0);
    }

    private Result drive(String name, Function<Integer, HttpRequest> request, int threads, int expected,
                         java.util.function.IntPredicate more) throws Exception {
        ConcurrentLinkedQueue<long[]> all = new ConcurrentLinkedQueue<>();
        AtomicInteger sequence = new AtomicInteger();
        AtomicLong failures = new AtomicLong();
        AtomicInteger firstFailure = new AtomicInteger();
        Cpu cpuBefore = Cpu.now(options.get("app-pid"), options.getOrDefault("app-role", "outgrow_bench_app"));
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.submit(() -> {
                    long[] mine = new long[1 << 16];
                    int count = 0;
                    int n;
                    while (more.test(n = sequence.getAndIncrement())) {
                        long begin = System.nanoTime();
                        try {
                            HttpResponse<byte[]> response = http.send(request.apply(n),
                                    HttpResponse.BodyHandlers.ofByteArray());
                            if (response.statusCode() != expected) {
                                failures.incrementAndGet();
                                if (firstFailure.compareAndSet(0, response.statusCode())) {
                                    System.out.println("  first unexpected answer " + response.statusCode() + ": "
                                            + new String(response.body(), StandardCharsets.UTF_8)
                                            .substring(0, Math.min(300, response.body().length)));
                                }
                                continue;
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            continue;
                        }
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, count * 2);
                        }
                        mine[count++] = System.nanoTime() - begin;
                    }
                    all.add(Arrays.copyOf(mine, count));
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String cpu = Cpu.now(options.get("app-pid"), options.getOrDefault("app-role", "outgrow_bench_app"))
                .perRequestSince(cpuBefore, all.stream().mapToInt(r -> r.length).sum());
        long[] nanos = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Result result = new Result(name, nanos.length, seconds, nanos, (int) failures.get());
        System.out.printf(Locale.ROOT, "  %-30s %6d ok, %4d failed in %5.1f s = %7.1f/s; p50 %6.1f ms, p95 %6.1f ms, "
                        + "p99 %6.1f ms, max %6.1f ms%s%n", name, result.count(), result.failures(), seconds,
                result.perSecond(), result.percentile(50), result.percentile(95), result.percentile(99),
                nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6, cpu);
        return result;
    }

    // --- sessions -----------------------------------------------------------------------------------

    /** A signed-in browser: the session cookie is kept by hand, as it is secure-only and this is plain HTTP. */
    private final class Session {
        private final Map<String, String> cookies = new HashMap<>();

        String cookie() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        void keep(HttpResponse<?> response) {
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                cookies.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }

        HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie()).GET().build();
        }

        String body(HttpRequest request) throws Exception {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            keep(response);
            return response.body();
        }

        String csrf(String path) throws Exception {
            Matcher matcher = CSRF.matcher(body(get(path)));
            if (!matcher.find()) {
                throw new IllegalStateException("no CSRF token on " + path);
            }
            return matcher.group(1);
        }
    }

    private Session signIn(String email) throws Exception {
        Session session = new Session();
        String token = session.csrf("/login");
        String form = "email=" + URLEncoder.encode(email, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(SyntheticPractice.PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Cookie", session.cookie()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        session.keep(response);
        String location = response.headers().firstValue("Location").orElse("");
        if (response.statusCode() != 302 || location.contains("/login")) {
            throw new IllegalStateException("sign-in failed for " + email + ": " + response.statusCode() + " " + location);
        }
        return session;
    }

    // --- database helpers -------------------------------------------------------------------------

    private UUID uuid(String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("not found: " + parameter);
                }
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private String latestImportState(UUID practice) throws SQLException {
        try (PreparedStatement latest = db.prepareStatement(
                "select state from import_run where practice_id = ? order by started_at desc limit 1")) {
            latest.setObject(1, practice);
            try (ResultSet rs = latest.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private long scalar(String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long count(String table) throws SQLException {
        return scalar("select count(*) from " + table + " where practice_id = ?", practice);
    }
}
