package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.outgrow.testing.TestDatabase;

/**
 * The packaged application started as a real process with the demo profile on a free port, for
 * the tests that kill it: ready once {@code /actuator/health} says UP.
 */
record JarNode(String name, Process process, URI url, Path log) {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    static Path jar() {
        Path jar = Path.of(System.getProperty("outgrow.jar", "target/outgrow.jar")).toAbsolutePath();
        assertThat(jar).as("the packaged application").isRegularFile();
        return jar;
    }

    /** Starts the jar with {@code OUTGROW_HOME=home} plus the given environment; the log goes to {@code home}. */
    static JarNode start(String name, Path home, Map<String, String> environment, List<Process> started)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(home);
        Path log = home.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar().toString(), "--spring.profiles.active=demo", "--server.port=" + port)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("OUTGROW_HOME", home.toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        started.add(process);
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
                    return new JarNode(name, process, url, log);
                }
            } catch (IOException notYetListening) {
                // poll again
            }
            process.waitFor(250, TimeUnit.MILLISECONDS); // the pause between polls; returns early if it dies
        }
    }

    /**
     * A new database on the server (reached as its superuser {@code postgres}) and the environment
     * that points a node at it, as an operator sets it.
     */
    static Map<String, String> externalDatabase(String serverUrl) {
        Map<String, Object> database = TestDatabase.createExternalDatabase(serverUrl,
                System.getProperty(TestDatabase.EXTERNAL_USER, "postgres"));
        Map<String, String> environment = new HashMap<>();
        environment.put("OUTGROW_DATABASE_URL", (String) database.get("outgrow.database.url"));
        environment.put("OUTGROW_DATABASE_USER", (String) database.get("outgrow.database.user"));
        environment.put("OUTGROW_DATABASE_APP_USER", (String) database.get("outgrow.database.app-user"));
        environment.put("OUTGROW_DATABASE_POOL_SIZE", "5");
        return environment;
    }

    /** Whether the node says it is up, its database included (one look at {@code /actuator/health}). */
    boolean healthy() {
        try {
            HttpResponse<String> health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(url.resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
            return health.statusCode() == 200 && health.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGKILL on Linux: no shutdown hook, no clean close of its database connections. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("%s killed", name).isTrue();
    }

    String logText() throws IOException {
        return Files.readString(log);
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
