package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the embedded PostgreSQL is run durably, with the packaged jar as a real process. Every
 * write the application acknowledged survives (1) a SIGKILL of the application taken while other
 * writes are in flight, after which the next start stops the orphaned PostgreSQL server by
 * itself, and (2) a SIGKILL of the application and of every PostgreSQL process, after which
 * PostgreSQL recovers from its write-ahead log. The second would lose acknowledged commits under
 * the library's default asynchronous commit; losing the OS page cache (fsync) is out of reach of a
 * test, so the settings are also checked on the running server.
 *
 * <p>Clients are counted through the application (the therapist's client list), as a user would
 * look for them, so the check also covers that the restarted application serves the data.
 */
class CrashIT {

    private static final String THERAPIST = "sam.okafor@outgrow-demo.test";
    private static final String PASSWORD = "outgrow demo 2026";
    private static final int ACKNOWLEDGED_BEFORE_CRASH = 30;
    private static final int WRITERS_DURING_CRASH = 4;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern DATABASE_PORT = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");
    private static final Pattern CLIENT_PAGE = Pattern.compile(".*/clients/[0-9a-f-]{36}");

    private final Path jar = Path.of(System.getProperty("outgrow.jar", "target/outgrow.jar")).toAbsolutePath();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> applications = new ArrayList<>();
    private Path home;

    @Test
    void everyAcknowledgedWriteSurvivesKillsAndTheNextStartNeedsNoHelp() throws Exception {
        assertThat(jar).as("the packaged application").isRegularFile();
        home = Files.createDirectories(Path.of("target", "crash-test")).resolve(run).toAbsolutePath();
        Path dataDirectory = home.resolve("postgres");
        Writes writes = new Writes("Crash " + run);

        Application first = start("first");
        assertDurableSettings(first);
        Web web = Web.signIn(first.url());
        for (int i = 0; i < ACKNOWLEDGED_BEFORE_CRASH; i++) {
            assertThat(writes.register(web, "before " + i)).as("registering client %d", i).isTrue();
        }
        long orphan = postmasterPid(dataDirectory);
        writes.keepWritingWhile(web, "first", () -> kill(first.process()));
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the killed application's PostgreSQL is left running").isPresent();

        Application second = start("second");
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the orphaned PostgreSQL was stopped").isEmpty();
        assertThat(Files.readString(second.log())).contains("left running by a previous run");
        assertDurableSettings(second);
        writes.assertEachAcknowledgedListedOnce(Web.signIn(second.url()));

        long postmaster = postmasterPid(dataDirectory);
        writes.keepWritingWhile(Web.signIn(second.url()), "second", () -> {
            List<ProcessHandle> database = new ArrayList<>(ProcessHandle.of(postmaster).orElseThrow().descendants().toList());
            database.addFirst(ProcessHandle.of(postmaster).orElseThrow());
            kill(second.process());
            database.forEach(ProcessHandle::destroyForcibly); // postmaster first, so it restarts nothing
            for (ProcessHandle process : database) {
                process.onExit().get(1, TimeUnit.MINUTES);
            }
        });

        Application third = start("third");
        assertThat(Files.readString(third.log())).doesNotContain("left running by a previous run");
        writes.assertEachAcknowledgedListedOnce(Web.signIn(third.url()));
        System.out.printf("CrashIT: %d writes acknowledged, %d in doubt at the kills%n", writes.acknowledged.size(),
                writes.inDoubt.size());
    }

    private static void kill(Process application) throws InterruptedException {
        application.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no clean database stop
        assertThat(application.waitFor(1, TimeUnit.MINUTES)).as("application killed").isTrue();
    }

    /** The clients registered, and what the application answered. */
    private static final class Writes {

        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        /** Sent, but the application died before answering: each may or may not have committed. */
        final Set<String> inDoubt = ConcurrentHashMap.newKeySet();
        private final Set<String> refused = ConcurrentHashMap.newKeySet();
        private final String prefix;

        Writes(String prefix) {
            this.prefix = prefix;
        }

        boolean register(Web web, String suffix) throws IOException, InterruptedException {
            String name = prefix + " " + suffix;
            try {
                if (web.registerClient(name)) {
                    acknowledged.add(name);
                    return true;
                }
                refused.add(name);
                return false;
            } catch (IOException e) {
                inDoubt.add(name);
                throw e;
            }
        }

        interface Crash {
            void happen() throws Exception;
        }

        /** Writers keep registering clients until the crash leaves them without an answer. */
        void keepWritingWhile(Web web, String phase, Crash crash) throws Exception {
            CountDownLatch underWay = new CountDownLatch(WRITERS_DURING_CRASH * 3);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS_DURING_CRASH; w++) {
                String writer = phase + " " + w;
                writers.add(Thread.ofPlatform().name("crash-writer-" + writer).start(() -> {
                    try {
                        for (int i = 0; register(web, writer + "-" + i); i++) {
                            underWay.countDown();
                        }
                    } catch (IOException | InterruptedException crashed) {
                        // the application is gone
                    }
                }));
            }
            assertThat(underWay.await(2, TimeUnit.MINUTES)).as("writers under way (refused: %s)", refused).isTrue();
            crash.happen();
            for (Thread writer : writers) {
                writer.join(Duration.ofMinutes(1));
                assertThat(writer.isAlive()).as("%s stopped after the crash", writer.getName()).isFalse();
            }
            assertThat(refused).as("writes refused while the application was up").isEmpty();
        }

        void assertEachAcknowledgedListedOnce(Web web) throws IOException, InterruptedException {
            Map<String, Long> listed = web.clientNamesStartingWith(prefix);
            Map<String, Long> notOnce = new LinkedHashMap<>();
            for (String name : acknowledged) {
                long count = listed.getOrDefault(name, 0L);
                if (count != 1) {
                    notOnce.put(name, count);
                }
            }
            assertThat(notOnce).as("acknowledged clients not listed exactly once").isEmpty();
            Map<String, Long> others = listed.entrySet().stream().filter(entry -> !acknowledged.contains(entry.getKey()))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(others).as("clients listed that were never acknowledged").allSatisfy((name, count) -> {
                assertThat(inDoubt).as("sent but unanswered").contains(name);
                assertThat(count).isEqualTo(1L);
            });
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process application : applications) {
            application.destroyForcibly();
            application.waitFor(1, TimeUnit.MINUTES);
        }
        if (home == null) {
            return;
        }
        // The application is gone, so its PostgreSQL has no clients: SIGTERM (smart shutdown) ends it.
        String dataDirectory = home.resolve("postgres").toString();
        List<ProcessHandle> servers = ProcessHandle.allProcesses()
                .filter(process -> process.info().commandLine().map(line -> line.contains(dataDirectory)).orElse(false))
                .toList();
        servers.forEach(ProcessHandle::destroy);
        for (ProcessHandle server : servers) {
            try {
                server.onExit().get(1, TimeUnit.MINUTES);
            } catch (Exception e) {
                server.destroyForcibly();
            }
        }
    }

    private record Application(Process process, URI url, Path log, int databasePort) {
    }

    private Application start(String name) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path log = home.resolve(name + ".log");
        Files.createDirectories(home);
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--spring.profiles.active=demo", "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OUTGROW_HOME", home.toString());
        Process process = builder.start();
        applications.add(process);
        URI url = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("The " + name + " start ended with exit code " + process.exitValue()
                        + "; its log is " + log + ":\n" + tail(log));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("The " + name + " start was not healthy within " + START_TIMEOUT
                        + "; its log is " + log + ":\n" + tail(log));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(url.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    break;
                }
            } catch (IOException notYetListening) {
                // poll again
            }
            process.waitFor(250, TimeUnit.MILLISECONDS); // the pause between polls; returns early if it dies
        }
        Matcher ready = DATABASE_PORT.matcher(Files.readString(log));
        assertThat(ready.find()).as("the log names the embedded database port").isTrue();
        return new Application(process, url, log, Integer.parseInt(ready.group(1)));
    }

    /** Asked as the application role: the settings the running server really uses. */
    private static void assertDurableSettings(Application application) throws SQLException {
        String url = "jdbc:postgresql://localhost:" + application.databasePort() + "/outgrow";
        try (Connection connection = DriverManager.getConnection(url, "outgrow_app", "");
             Statement statement = connection.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet result = statement.executeQuery("show " + setting)) {
                    assertThat(result.next()).isTrue();
                    assertThat(result.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    private static long postmasterPid(Path dataDirectory) throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /**
     * A signed-in browser, reduced to what the test needs. It carries the session cookie itself:
     * the cookie is Secure, and java.net's cookie handler rightly withholds it over plain HTTP.
     */
    private static final class Web {

        private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\"");
        private static final Pattern SESSION = Pattern.compile("__Host-outgrow=([^;]+)");
        private static final Pattern CLIENT_LINK = Pattern.compile("<a href=\"/clients/[0-9a-f-]{36}\">([^<]*)</a>");

        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        private final URI url;
        private volatile String session = "";
        private volatile String csrf = "";

        private Web(URI url) {
            this.url = url;
        }

        static Web signIn(URI url) throws IOException, InterruptedException {
            Web web = new Web(url);
            web.get("/login");
            HttpResponse<String> login = web.post("/login", Map.of("email", THERAPIST, "password", PASSWORD));
            assertThat(login.statusCode()).as("sign-in").isEqualTo(302);
            assertThat(login.headers().firstValue("Location").orElse("")).as("sign-in").endsWith("/");
            web.get("/clients"); // the token changes at sign-in
            return web;
        }

        /** True when the application acknowledged the registration with the new client's page. */
        boolean registerClient(String displayName) throws IOException, InterruptedException {
            HttpResponse<String> response = post("/clients", Map.of("displayName", displayName));
            return response.statusCode() == 302
                    && CLIENT_PAGE.matcher(response.headers().firstValue("Location").orElse("")).matches();
        }

        Map<String, Long> clientNamesStartingWith(String prefix) throws IOException, InterruptedException {
            HttpResponse<String> page = get("/clients");
            assertThat(page.statusCode()).isEqualTo(200);
            Map<String, Long> names = new HashMap<>();
            Matcher link = CLIENT_LINK.matcher(page.body());
            while (link.find()) {
                if (link.group(1).startsWith(prefix)) {
                    names.merge(link.group(1), 1L, Long::sum);
                }
            }
            return names;
        }

        private HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return send(HttpRequest.newBuilder(url.resolve(path)).GET());
        }

        private HttpResponse<String> post(String path, Map<String, String> form) throws IOException,
                InterruptedException {
            Map<String, String> fields = new LinkedHashMap<>(form);
            fields.put("_csrf", csrf);
            String body = fields.entrySet().stream()
                    .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(url.resolve(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
            if (!session.isEmpty()) {
                request.header("Cookie", "__Host-outgrow=" + session);
            }
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String cookie : response.headers().allValues("Set-Cookie")) {
                Matcher value = SESSION.matcher(cookie);
                if (value.find()) {
                    session = value.group(1);
                }
            }
            Matcher token = CSRF.matcher(response.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            return response;
        }
    }
}
