package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestDatabase;

/**
 * Two application nodes on one external PostgreSQL, as a larger service runs them. The nodes are
 * real processes from the packaged jar, not two Spring contexts in this JVM: only a process can
 * be killed the way a machine fails (SIGKILL, its connections cut mid-transaction), and only a
 * real Tomcat applies the forwarded headers a reverse proxy sends. The "external" server is an
 * embedded PostgreSQL this test starts, or the server named by {@code -Doutgrow.test.database-url}.
 *
 * <p>A session started on one node works on the other; with one node killed under load through
 * both, every acknowledged write exists once and the other node keeps serving.
 */
class SeveralNodesIT {

    private static final int WRITERS_PER_NODE = 2;

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> nodes = new ArrayList<>();
    private EmbeddedPostgres server;

    @Test
    void aSessionWorksOnEitherNodeAndKillingOneUnderLoadLosesNothingAcknowledged() throws Exception {
        JarNode.jar();
        Path homes = Files.createDirectories(Path.of("target", "nodes-test", run)).toAbsolutePath();
        Map<String, String> environment = externalDatabase();

        JarNode one = JarNode.start("node-1", homes.resolve("node-1"), environment, nodes);
        // A node keeps nothing but the keysets: the second gets the first one's, as an operator would copy them.
        environment.put("OUTGROW_KEYSET", Files.readString(homes.resolve("node-1/keys/fields.json")));
        environment.put("OUTGROW_PROCESS_NOTES_KEYSET", Files.readString(homes.resolve("node-1/keys/process-notes.json")));
        environment.put("OUTGROW_THROTTLE_ADDRESS_ATTEMPTS", "3");
        JarNode two = JarNode.start("node-2", homes.resolve("node-2"), environment, nodes);
        assertThat(two.logText()).doesNotContain("Embedded PostgreSQL ready");

        Web onOne = Web.signIn(one.url());
        Web onTwo = onOne.on(two.url());
        HttpResponse<String> clients = onTwo.get("/clients");
        assertThat(clients.statusCode()).as("the session from node 1 on node 2").isEqualTo(200);
        assertThat(clients.body()).contains("Sign out", "Robin Hale");

        Writes writes = new Writes("Nodes " + run);
        writes.keepWritingWhile(List.of(onOne, onTwo), WRITERS_PER_NODE, "nodes", one::kill);
        assertThat(writes.acknowledgedAfterCrash).as("node 2 kept serving after node 1 was killed")
                .hasValue(WRITERS_PER_NODE * Writes.AFTER_CRASH);
        writes.assertEachAcknowledgedListedOnce(onTwo);
        assertThat(onTwo.get("/actuator/health").body()).contains("\"UP\"");

        assertForwardedHeadersFromTheProxyAreHonoured(two);
        System.out.printf("SeveralNodesIT: %d writes acknowledged, %d in doubt at the kill%n",
                writes.acknowledged.size(), writes.inDoubt.size());
    }

    /**
     * Behind a proxy terminating TLS on this machine: redirects say https and the public host, and
     * the address throttle counts the client's address, not the proxy's (else every sign-in in the
     * practice would share one budget).
     */
    private static void assertForwardedHeadersFromTheProxyAreHonoured(JarNode node)
            throws IOException, InterruptedException {
        HttpResponse<String> signInFirst = Web.anonymous(node.url()).get("/clients",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "outgrow.example.org");
        assertThat(signInFirst.statusCode()).isEqualTo(302);
        assertThat(signInFirst.headers().firstValue("Location")).hasValue("https://outgrow.example.org/login");

        String[] spraying = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7"};
        Web attacker = Web.anonymous(node.url());
        attacker.get("/login", spraying);
        for (int attempt = 0; attempt < 3; attempt++) {
            attacker.post("/login", Map.of("email", "nobody@example.org", "password", "wrong " + attempt), spraying);
        }
        assertThat(signIn(attacker, spraying)).as("the spraying address is throttled").contains("error");
        Web someoneElse = Web.anonymous(node.url());
        String[] elsewhere = {"X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.20"};
        someoneElse.get("/login", elsewhere);
        assertThat(signIn(someoneElse, elsewhere)).as("another address signs in").endsWith("/")
                .doesNotContain("error");
    }

    private static String signIn(Web web, String... headers) throws IOException, InterruptedException {
        return web.post("/login", Map.of("email", Web.THERAPIST, "password", Web.PASSWORD), headers)
                .headers().firstValue("Location").orElse("");
    }

    /** The environment that points a node at the shared server, as an operator sets it. */
    private Map<String, String> externalDatabase() throws IOException {
        String serverUrl = System.getProperty(TestDatabase.EXTERNAL_URL, "");
        if (serverUrl.isBlank()) {
            server = EmbeddedPostgres.builder().start();
            serverUrl = "jdbc:postgresql://localhost:" + server.getPort() + "/postgres";
        }
        return JarNode.externalDatabase(serverUrl);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process node : nodes) {
            node.destroyForcibly();
            node.waitFor(1, TimeUnit.MINUTES);
        }
        if (server != null) {
            server.close();
        }
    }
}
