package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.outgrow.testing.TestDatabase;

/**
 * The crash drill, with the packaged jar as a real process under load: writers register clients,
 * post questionnaire responses (each with its submission key) and save progress-note drafts
 * (each save naming its version) while something is killed at a random point of the load (after a
 * random number of further acknowledged writes). The seed is printed; {@code -Doutgrow.crash.seed=N} replays it.
 *
 * <p>On the embedded database: (1) the application is killed with SIGKILL, and the next start
 * stops the PostgreSQL it orphaned by itself; (2) the application and every PostgreSQL process
 * are killed, and PostgreSQL recovers from its write-ahead log (this would lose acknowledged
 * commits under the library's default asynchronous commit; losing the OS page cache is out of
 * reach of a test, so the settings are also checked on the running server); (3) only the
 * postmaster is killed, under the running application, which starts it again by itself. On an
 * external server ({@code -Doutgrow.test.database-url}): the application is killed, then the
 * server is restarted under the running application.
 *
 * <p>After each: every acknowledged write exists exactly once (clients as the therapist's list
 * shows them, responses counted by submission key, notes at their version in the database),
 * nothing is half-written, and what was in doubt, sent again with the same key, is stored once.
 * While the database is away, writes fail with a 503; the outage the writers saw is printed.
 *
 * <p>Checklist T24: every third response answers the risk item, and each crash comes the moment a
 * risk answer's 2xx has reached its writer. The applications are told of a mail server that is down
 * (nothing listens on its port) all through. After each crash every acknowledged risk answer has
 * exactly one risk alert (no alert without its answer), the therapist's alerts page lists it, her
 * caseload shows the client's risk badge, and each risk alert has its one mail (queued under the
 * alert's id); at the end the mail server comes up and each of them goes out exactly once.
 */
class CrashIT {

    private static final int ACKNOWLEDGED_BEFORE_CRASH = 10;
    private static final Pattern DATABASE_PORT = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> applications = new ArrayList<>();
    private final long seed = Long.getLong("outgrow.crash.seed", System.nanoTime());
    private final Random random = new Random(seed);
    /** Where the application looks for its mail server, which is down until the end of the drill. */
    private final int smtpPort = freePort();
    private Path home;

    /** The drill's load on one application: who writes, and the ledgers of what was acknowledged. */
    private final class Load {
        final Writes clients = new Writes("Crash " + run);
        final ResponseWrites responses;
        final NoteWrites notes = new NoteWrites();
        final String token;
        final List<UUID> patients = new ArrayList<>();
        final List<UUID> episodes = new ArrayList<>();
        /** Where the checks look: the embedded server moves to a new port at each start. */
        WrittenOnce database;

        /** Signs in, gives the second client's consent in the portal, takes an API token and drafts notes. */
        Load(JarNode node, WrittenOnce database) throws IOException, InterruptedException {
            this.database = database;
            Web lena = Web.signIn(node.url(), "lena.fischer@outgrow-demo.test");
            lena.get("/portal/consent");
            assertThat(lena.post("/portal/consent", Map.of("given", "true")).statusCode()).isEqualTo(302);
            Web therapist = Web.signIn(node.url());
            token = therapist.issueApiToken("READ", "SUBMIT_RESPONSES");
            responses = new ResponseWrites(run, token);
            Map<String, UUID> byName = ResponseWrites.patients(therapist, token);
            for (String name : List.of("Robin Hale", "Lena Fischer")) {
                UUID patient = byName.get(name);
                patients.add(patient);
                episodes.add(ResponseWrites.episode(therapist, token, patient));
            }
            for (int i = 0; i < episodes.size(); i++) {
                notes.draft(therapist, episodes.get(i), "note writer " + i);
            }
        }

        /** Two writers of each kind, on a new session with the node. */
        Map<String, Writes.Writer> writers(JarNode node, String phase) throws IOException, InterruptedException {
            Web web = Web.signIn(node.url());
            Map<String, Writes.Writer> writers = new LinkedHashMap<>();
            for (int i = 0; i < 2; i++) {
                writers.put(phase + " clients " + i, clients.registering(web, phase + " " + i));
                writers.put(phase + " responses " + i, responses.writer(web, patients.get(i), phase + " " + i));
                writers.put(phase + " note " + i, notes.writer(web, notes.notes.get(i)));
            }
            return writers;
        }

        /** Every check after a crash, then the retries of what was in doubt, then the checks again. */
        void assertAsAcknowledged(JarNode node) throws IOException, InterruptedException, SQLException {
            Web web = Web.signIn(node.url());
            clients.assertEachAcknowledgedListedOnce(web);
            database.assertResponsesOnce(responses);
            assertRiskAlertsListedOnce(web);
            database.assertNotesAsAcknowledged(notes);
            database.assertNothingHalfWritten();
            responses.retryInDoubt(web);
            notes.retryInDoubt(web);
            responses.repeatAcknowledged(web, 3);
            database.assertResponsesOnce(responses);
            assertRiskAlertsListedOnce(web);
            database.assertNotesAsAcknowledged(notes);
            database.assertNothingHalfWritten();
        }

        /**
         * Checklist T24: each acknowledged risk answer has its one alert, the therapist's alerts page
         * lists it, and her caseload (her home page) shows the client's row with the risk badge.
         */
        void assertRiskAlertsListedOnce(Web therapist) throws IOException, InterruptedException, SQLException {
            Map<String, UUID> alerts = database.assertRiskAlertsOnce(responses);
            assertThat(alerts).as("acknowledged risk answers").isNotEmpty();
            HttpResponse<String> page = therapist.get("/alerts");
            assertThat(page.statusCode()).as("the therapist's alerts page").isEqualTo(200);
            assertThat(alerts).as("risk alerts of acknowledged answers not on the therapist's alerts page")
                    .allSatisfy((identifier, alert) -> assertThat(page.body()).contains("id=\"alert-" + alert + "\""));
            HttpResponse<String> caseload = therapist.get("/caseload");
            assertThat(caseload.statusCode()).as("the therapist's caseload").isEqualTo(200);
            for (UUID episode : database.episodesOf(alerts.values())) {
                assertThat(Pattern.compile("<tr[^>]*>(?:(?!</tr>).)*href=\"/episodes/" + episode
                        + "\"(?:(?!</tr>).)*<li class=\"badge\">Risk</li>", Pattern.DOTALL).matcher(caseload.body())
                        .find()).as("the caseload row of episode %s shows the risk badge", episode).isTrue();
            }
        }

        /**
         * Checklist T24: the alert mail waited through every crash with the mail server down (one
         * per risk alert, tried and failed, none sent); once the server is up and the back-off has
         * run out, each goes out exactly once.
         */
        void assertAlertMailWaitedAndGoesOutOnce(int smtpPort) throws SQLException, MessagingException {
            long alerts = database.riskAlertsOf(Web.THERAPIST);
            WrittenOnce.AlertMail waiting = database.alertMail(Web.THERAPIST);
            assertThat(waiting.queued()).as("alert mails queued, one per risk alert").isEqualTo(alerts);
            assertThat(waiting.sent()).as("alert mails sent while the mail server was down").isZero();
            assertThat(waiting.failedTries()).as("alert mails tried while the mail server was down").isPositive();
            GreenMail smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            smtp.start();
            long started = System.nanoTime();
            try {
                database.endMailBackOff();
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> database.alertMail(Web.THERAPIST).sent() == alerts);
                long received = 0;
                for (var message : smtp.getReceivedMessages()) {
                    if (WrittenOnce.ALERT_SUBJECT.equals(message.getSubject())) {
                        received++;
                    }
                }
                assertThat(received).as("alert mails the mail server received").isEqualTo(alerts);
                System.out.printf("CrashIT: %d alert mails waited (%d tried and failed while the mail server was"
                        + " down), then went out once each in %d ms%n", alerts, waiting.failedTries(),
                        Duration.ofNanos(System.nanoTime() - started).toMillis());
            } finally {
                smtp.stop();
            }
        }

        /** Every write acknowledged so far, of all three kinds. */
        int acknowledged() {
            return clients.acknowledged.size() + responses.acknowledged.size()
                    + notes.notes.stream().mapToInt(note -> note.version).sum();
        }

        String counts() {
            return "%d clients, %d responses (%d with the risk item), %d note saves acknowledged".formatted(
                    clients.acknowledged.size(), responses.acknowledged.size(),
                    responses.acknowledged.values().stream().filter(Boolean::booleanValue).count(),
                    notes.notes.stream().mapToInt(note -> note.version).sum());
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillsAndTheNextStartNeedsNoHelp() throws Exception {
        System.out.printf("CrashIT: seed %d (replay with -Doutgrow.crash.seed=%d)%n", seed, seed);
        JarNode.jar();
        home = Files.createDirectories(Path.of("target", "crash-test")).resolve(run).toAbsolutePath();
        Path dataDirectory = home.resolve("postgres");

        JarNode first = start("first", Map.of());
        assertDurableSettings(first);
        Load load = new Load(first, embedded(first));
        Web web = Web.signIn(first.url());
        for (int i = 0; i < ACKNOWLEDGED_BEFORE_CRASH; i++) {
            assertThat(load.clients.register(web, "before " + i)).as("registering client %d", i).isTrue();
        }
        long orphan = postmasterPid(dataDirectory);
        load.clients.keepWritingWhile(load.writers(first, "first"), atRandom(load, first::kill));
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the killed application's PostgreSQL is left running").isPresent();

        JarNode second = start("second", Map.of());
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the orphaned PostgreSQL was stopped").isEmpty();
        assertThat(second.logText()).contains("left running by a previous run");
        assertDurableSettings(second);
        load.database = embedded(second);
        load.assertAsAcknowledged(second);

        long postmaster = postmasterPid(dataDirectory);
        load.clients.keepWritingWhile(load.writers(second, "second"), atRandom(load, () -> {
            List<ProcessHandle> database = new ArrayList<>(ProcessHandle.of(postmaster).orElseThrow().descendants().toList());
            database.addFirst(ProcessHandle.of(postmaster).orElseThrow());
            second.kill();
            database.forEach(ProcessHandle::destroyForcibly); // postmaster first, so it restarts nothing
            for (ProcessHandle process : database) {
                process.onExit().get(1, TimeUnit.MINUTES);
            }
        }));

        JarNode third = start("third", Map.of());
        assertThat(third.logText()).doesNotContain("left running by a previous run");
        load.database = embedded(third);
        load.assertAsAcknowledged(third);

        // The database dies under the running application: only the postmaster, as the OOM killer would.
        long killed = postmasterPid(dataDirectory);
        Writes.Outage outage = load.clients.keepWritingThrough(load.writers(third, "third"), atRandom(load, () -> {
            ProcessHandle.of(killed).orElseThrow().destroyForcibly();
            ProcessHandle.of(killed).orElseThrow().onExit().get(1, TimeUnit.MINUTES);
        }), third::healthy);
        assertThat(third.process().isAlive()).as("the application survived its database").isTrue();
        assertThat(third.logText()).contains("stopped while Outgrow was running");
        assertThat(postmasterPid(dataDirectory)).as("a new postmaster").isNotEqualTo(killed);
        assertThat(outage.failedWrites()).as("writes failed while the database was away").isPositive();
        load.assertAsAcknowledged(third);
        load.assertAlertMailWaitedAndGoesOutOnce(smtpPort);
        report("embedded database, postmaster killed", outage, third);
        System.out.printf("CrashIT: %s; %d clients, %d responses in doubt at the kills%n", load.counts(),
                load.clients.inDoubt.size(), load.responses.inDoubt.size());
    }

    /**
     * The same load on an external server: the application is killed, then the server restarted
     * while the application keeps running. Runs when {@code -Doutgrow.test.database-url} names a
     * server this machine can restart with {@code pg_ctlcluster} (CI's second pass).
     */
    @Test
    @EnabledIfSystemProperty(named = TestDatabase.EXTERNAL_URL, matches = ".+")
    void onAnExternalServerAcknowledgedWritesSurviveAKilledApplicationAndAServerRestart() throws Exception {
        System.out.printf("CrashIT: seed %d (replay with -Doutgrow.crash.seed=%d)%n", seed, seed);
        JarNode.jar();
        home = Files.createDirectories(Path.of("target", "crash-test")).resolve(run).toAbsolutePath();
        String cluster = localCluster();
        Map<String, String> environment = JarNode.externalDatabase(System.getProperty(TestDatabase.EXTERNAL_URL));
        WrittenOnce database = new WrittenOnce(environment.get("OUTGROW_DATABASE_URL"),
                System.getProperty(TestDatabase.EXTERNAL_USER, "postgres"));

        JarNode first = start("external-first", environment);
        Load load = new Load(first, database);
        load.clients.keepWritingWhile(load.writers(first, "first"), atRandom(load, first::kill));

        JarNode second = start("external-second", environment);
        load.assertAsAcknowledged(second);

        Writes.Outage outage = load.clients.keepWritingThrough(load.writers(second, "second"), atRandom(load, () -> {
            Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main",
                    "restart").inheritIO().start();
            assertThat(restart.waitFor(2, TimeUnit.MINUTES)).as("pg_ctlcluster restart ended").isTrue();
            assertThat(restart.exitValue()).as("pg_ctlcluster restart").isZero();
        }), second::healthy);
        assertThat(second.process().isAlive()).as("the application survived the restart").isTrue();
        assertThat(outage.failedWrites()).as("writes failed while the server restarted").isPositive();
        load.assertAsAcknowledged(second);
        load.assertAlertMailWaitedAndGoesOutOnce(smtpPort);
        report("external server, pg_ctlcluster restart", outage, second);
        System.out.printf("CrashIT: %s; %d clients, %d responses in doubt at the kill%n", load.counts(),
                load.clients.inDoubt.size(), load.responses.inDoubt.size());
    }

    /**
     * The embedded database's disk fills up under the same load (checklist T37): writes are
     * refused with a 503 while it is full, nothing acknowledged is lost or half-written, and once
     * there is room again writing goes on without anyone stepping in. The home is a tmpfs of its
     * own, so the test runs only where it may mount one (as root, which CI is).
     */
    @Test
    void onAFullDiskNothingAcknowledgedIsLostAndWritingGoesOnWhenThereIsRoomAgain() throws Exception {
        JarNode.jar();
        Path disk = Files.createDirectories(Path.of("target", "full-disk", run)).toAbsolutePath();
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=384m", "tmpfs", disk.toString()) == 0,
                "mounting a tmpfs for the full disk needs root");
        try {
            home = disk.resolve("home");
            JarNode node = start("full-disk", Map.of());
            Load load = new Load(node, embedded(node));
            Path filler = disk.resolve("filler");
            Web probe = Web.signIn(node.url()); // before the disk is full: signing in writes too
            Writes.Outage outage = load.clients.keepWritingThrough(load.writers(node, "full"), atRandom(load, () -> {
                fill(filler);
                await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                        .until(() -> !load.clients.register(probe, "while full " + UUID.randomUUID()));
                Files.delete(filler);
                System.out.printf("CrashIT: writes refused while the disk was full; room again%n");
            }), node::healthy);
            assertThat(node.process().isAlive()).as("the application survived the full disk").isTrue();
            assertThat(outage.failedWrites()).as("writes refused while the disk was full").isPositive();
            load.database = embedded(node);
            load.assertAsAcknowledged(node);
            report("embedded database, disk full", outage, node);
        } finally {
            stopEverything();
            applications.clear();
            Path log = home == null ? null : home.resolve("full-disk.log");
            if (log != null && Files.exists(log)) { // kept beside the mount, which goes with its contents
                Files.copy(log, disk.resolveSibling(run + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            home = null;
            run("umount", disk.toString());
        }
    }

    /** Writes to the file until the disk it is on has no room left. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[1 << 20];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        return process.waitFor();
    }

    /**
     * The crash once the writers, already under way, have had a random number (0–39) more writes
     * acknowledged, and then, the moment its 2xx reaches the writer, a risk answer (T24): where in
     * the load it lands is drawn from the seed, and waited for, not slept.
     */
    private Writes.Crash atRandom(Load load, Writes.Crash crash) {
        int more = random.nextInt(40);
        return () -> {
            int target = load.acknowledged() + more;
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(10))
                    .until(() -> load.acknowledged() >= target);
            String risk = load.responses.nextRiskAcknowledged().get(2, TimeUnit.MINUTES);
            crash.happen();
            System.out.printf("CrashIT: crashed right after risk answer %s was acknowledged%n", risk);
        };
    }

    private static void report(String what, Writes.Outage outage, JarNode node) throws IOException {
        Matcher restarted = Pattern.compile("running again on port \\d+ after (\\d+) ms").matcher(node.logText());
        System.out.printf("CrashIT: %s: %d writes failed (by status %s); outage seen by the writers %d ms"
                        + " (first failure %d ms into the phase, first write answered after it at %d ms)%s%n",
                what, outage.failedWrites(), outage.statuses(), outage.seen().toMillis(),
                outage.firstFailure().toMillis(), outage.backAfter().toMillis(),
                restarted.find() ? "; the application restarted PostgreSQL in " + restarted.group(1) + " ms" : "");
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

    /** Every start is told of a mail server at {@link #smtpPort}, tried every second. */
    private JarNode start(String name, Map<String, String> environment) throws IOException, InterruptedException {
        Map<String, String> withMail = new java.util.HashMap<>(environment);
        withMail.put("SPRING_MAIL_HOST", "127.0.0.1");
        withMail.put("SPRING_MAIL_PORT", Integer.toString(smtpPort));
        withMail.put("OUTGROW_MAIL_SENDER_INTERVAL", "1s");
        return JarNode.start(name, home, withMail, applications);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The one PostgreSQL cluster version installed on this machine, for pg_ctlcluster. */
    private static String localCluster() throws IOException {
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            List<String> found = versions.map(path -> path.getFileName().toString()).sorted().toList();
            assertThat(found).as("PostgreSQL clusters in /etc/postgresql").hasSize(1);
            return found.getFirst();
        }
    }

    /** The embedded server as its superuser, trusted on localhost. */
    private static WrittenOnce embedded(JarNode application) throws IOException {
        return new WrittenOnce("jdbc:postgresql://localhost:" + databasePort(application) + "/outgrow", "postgres");
    }

    private static int databasePort(JarNode application) throws IOException {
        Matcher ready = DATABASE_PORT.matcher(application.logText());
        assertThat(ready.find()).as("the log names the embedded database port").isTrue();
        return Integer.parseInt(ready.group(1));
    }

    /** Asked as the application role: the settings the running server really uses. */
    private static void assertDurableSettings(JarNode application) throws IOException, SQLException {
        String url = "jdbc:postgresql://localhost:" + databasePort(application) + "/outgrow";
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
}
