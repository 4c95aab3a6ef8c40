package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final int ACKNOWLEDGED_BEFORE_CRASH = 30;
    private static final int WRITERS_DURING_CRASH = 4;
    private static final Pattern DATABASE_PORT = Pattern.compile("Embedded PostgreSQL ready on port (\\d+)");

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> applications = new ArrayList<>();
    private Path home;

    @Test
    void everyAcknowledgedWriteSurvivesKillsAndTheNextStartNeedsNoHelp() throws Exception {
        JarNode.jar();
        home = Files.createDirectories(Path.of("target", "crash-test")).resolve(run).toAbsolutePath();
        Path dataDirectory = home.resolve("postgres");
        Writes writes = new Writes("Crash " + run);

        JarNode first = start("first");
        assertDurableSettings(first);
        Web web = Web.signIn(first.url());
        for (int i = 0; i < ACKNOWLEDGED_BEFORE_CRASH; i++) {
            assertThat(writes.register(web, "before " + i)).as("registering client %d", i).isTrue();
        }
        long orphan = postmasterPid(dataDirectory);
        writes.keepWritingWhile(List.of(web), WRITERS_DURING_CRASH, "first", first::kill);
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the killed application's PostgreSQL is left running").isPresent();

        JarNode second = start("second");
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("the orphaned PostgreSQL was stopped").isEmpty();
        assertThat(second.logText()).contains("left running by a previous run");
        assertDurableSettings(second);
        writes.assertEachAcknowledgedListedOnce(Web.signIn(second.url()));

        long postmaster = postmasterPid(dataDirectory);
        writes.keepWritingWhile(List.of(Web.signIn(second.url())), WRITERS_DURING_CRASH, "second", () -> {
            List<ProcessHandle> database = new ArrayList<>(ProcessHandle.of(postmaster).orElseThrow().descendants().toList());
            database.addFirst(ProcessHandle.of(postmaster).orElseThrow());
            second.kill();
            database.forEach(ProcessHandle::destroyForcibly); // postmaster first, so it restarts nothing
            for (ProcessHandle process : database) {
                process.onExit().get(1, TimeUnit.MINUTES);
            }
        });

        JarNode third = start("third");
        assertThat(third.logText()).doesNotContain("left running by a previous run");
        writes.assertEachAcknowledgedListedOnce(Web.signIn(third.url()));
        System.out.printf("CrashIT: %d writes acknowledged, %d in doubt at the kills%n", writes.acknowledged.size(),
                writes.inDoubt.size());
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

    private JarNode start(String name) throws IOException, InterruptedException {
        return JarNode.start(name, home, Map.of(), applications);
    }

    /** Asked as the application role: the settings the running server really uses. */
    private static void assertDurableSettings(JarNode application) throws IOException, SQLException {
        Matcher ready = DATABASE_PORT.matcher(application.logText());
        assertThat(ready.find()).as("the log names the embedded database port").isTrue();
        String url = "jdbc:postgresql://localhost:" + ready.group(1) + "/outgrow";
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
