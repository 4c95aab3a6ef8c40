package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.OutgrowApplication;
import org.outgrow.clients.Clients;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Commands;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The restore drill: the demo practice and more writes, backed up while the application runs,
 * restored into a fresh home, and compared table by table (rows, and a hash of the rows in
 * primary-key order, computed here independently of the code under test), with the same roles,
 * grants and forced row-level security, and an intact audit chain by the real audit-verify. A
 * restore onto data, or from a damaged file, changes nothing.
 */
@OutgrowTest
@ActiveProfiles("demo")
@ExtendWith(OutputCaptureExtension.class)
class BackupRestoreDrillTest {

    private static final String DEMO_PASSWORD = "outgrow demo 2026";
    private static final String WRITTEN_DURING_BACKUP = "Written during the backup";

    @Autowired
    DatabaseServer server;

    @Autowired
    TestPractice testPractice;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clients clients;

    @Autowired
    ApplicationEventPublisher events;

    @Value("${outgrow.home}")
    Path home;

    private Path scratch;

    @BeforeEach
    void embeddedOnly() throws IOException {
        assumeThat(System.getProperty(TestDatabase.EXTERNAL_URL, "")).as("backs up the embedded database").isBlank();
        scratch = Files.createDirectories(Path.of("target", "backup-drill", UUID.randomUUID().toString()))
                .toAbsolutePath();
    }

    @Test
    void restoresIntoAFreshHomeWithTheSameRowsRolesAndPoliciesAndAnIntactAuditChain(CapturedOutput output)
            throws Exception {
        testPractice.create();
        Visitor.signedIn(mvc, "sam.okafor@outgrow-demo.test", DEMO_PASSWORD); // sign-in: audit rows, a session
        Path file = scratch.resolve("outgrow.zip");

        Map<String, String> source = backUp(file, output);
        assertThat(output.getOut()).contains("The database is running; backing up from one consistent snapshot");

        Path fresh = scratch.resolve("fresh-home");
        assertThat(BackupCommands.restore(List.of("--from", file.toString(), "--home", fresh.toString())))
                .as(output.getErr()).isZero();

        assertThat(output.getOut()).as("the fresh home has no keys yet").contains("copy keys/fields.json of the"
                + " original home to " + fresh.resolve("keys").resolve("fields.json"));
        Map<String, String> restored = contentsOf(fresh);
        assertThat(source.get("signed-in sessions")).isNotEqualTo("0");
        assertThat(restored.get("signed-in sessions")).as("session ids are secrets: not in a backup").isEqualTo("0");
        source.remove("signed-in sessions");
        restored.remove("signed-in sessions");
        assertThat(restored).isEqualTo(source);
        assertThat(source.get("table audit_event")).doesNotStartWith("0 ");
        assertThat(source.get("table measure_response")).doesNotStartWith("0 ");

        try (ConfigurableApplicationContext restoredApplication = new SpringApplicationBuilder(OutgrowApplication.class)
                .web(WebApplicationType.NONE).profiles("command")
                .properties("spring.main.banner-mode=off").run("--outgrow.home=" + fresh)) {
            Commands.OperatorCommand auditVerify = restoredApplication.getBeansOfType(Commands.OperatorCommand.class)
                    .values().stream().filter(command -> command.name().equals("audit-verify")).findFirst().orElseThrow();
            assertThat(restoredApplication.getBean(DatabaseServer.class).jdbcUrl()).as("runs on the restored home")
                    .isEqualTo(jdbcUrlOf(fresh));
            assertThat(auditVerify.run(List.of())).isZero();
        }
        long auditRows = Long.parseLong(source.get("table audit_event").split(" ")[0]);
        assertThat(output.getOut()).contains("Audit log intact: " + auditRows + " rows checked.");
    }

    /**
     * Each write registers a client and audits it in one transaction. A backup read table by table
     * at different moments would hold clients without their audit rows or the reverse; one
     * snapshot holds them in pairs, and the audit chain links row to row.
     */
    @Test
    void aBackupTakenWhileWritesGoOnHoldsOneMomentOfThem(CapturedOutput output) throws Exception {
        TestPractice.People people = testPractice.create();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger committed = new AtomicInteger();
        Thread writer = Thread.ofPlatform().name("backup-drill-writer").start(() -> {
            while (writing.get()) {
                testPractice.inPractice(people, () -> {
                    UUID client = clients.register(WRITTEN_DURING_BACKUP, null, people.therapist());
                    events.publishEvent(AuditEvent.write("backup-drill.write", "client", client, client));
                    return client;
                });
                committed.incrementAndGet();
            }
        });
        try {
            while (committed.get() < 20) {
                Thread.onSpinWait();
            }
            Path file = scratch.resolve("during-writes.zip");
            int before = committed.get();
            assertThat(BackupCommands.backup(List.of("--to", file.toString(), "--home", home.toString())))
                    .as(output.getErr()).isZero();
            assertThat(committed.get()).as("writes went on during the backup").isGreaterThan(before);
            writing.set(false);
            writer.join();

            Path fresh = scratch.resolve("fresh-home");
            assertThat(BackupCommands.restore(List.of("--from", file.toString(), "--home", fresh.toString())))
                    .as(output.getErr()).isZero();
            try (EmbeddedDatabaseServer restored = EmbeddedDatabaseServer.start(fresh.resolve("postgres"));
                 Connection connection = restored.superuser(EmbeddedDatabaseServer.DATABASE);
                 Statement statement = connection.createStatement()) {
                long clientsRestored = Long.parseLong(DatabaseSnapshot.rows(statement, "select count(*) from client where display_name = '"
                        + WRITTEN_DURING_BACKUP + "'").getFirst()[0]);
                long auditedRestored = Long.parseLong(DatabaseSnapshot.rows(statement, "select count(*) from audit_event"
                        + " where action = 'backup-drill.write'").getFirst()[0]);
                assertThat(clientsRestored).isGreaterThanOrEqualTo(before).isLessThan(committed.get())
                        .isEqualTo(auditedRestored);
                assertThat(DatabaseSnapshot.rows(statement, """
                        select count(*) from (select prev_hash, lag(hash) over (partition by practice_id, lane order by seq) as previous
                                              from audit_event) chain
                        where previous is not null and prev_hash <> previous""").getFirst()[0])
                        .as("audit rows whose predecessor is missing").isEqualTo("0");
            }
        } finally {
            writing.set(false);
            writer.join();
        }
    }

    @Test
    void refusesToRestoreOntoDataOrFromADamagedFileAndChangesNothing(CapturedOutput output) throws Exception {
        Path file = scratch.resolve("outgrow.zip");
        backUp(file, output);
        Path target = scratch.resolve("target-home");
        assertThat(BackupCommands.restore(List.of("--from", file.toString(), "--home", target.toString()))).isZero();
        testPractice.create(); // the source moves on, so a second backup differs from what the target holds
        Path newer = scratch.resolve("newer.zip");
        Map<String, String> newerContents = backUp(newer, output);
        Map<String, String> before = contentsOf(target);

        assertThat(BackupCommands.restore(List.of("--from", newer.toString(), "--home", target.toString()))).isOne();
        assertThat(output.getErr()).contains("already holds data").contains("--replace");
        assertThat(contentsOf(target)).isEqualTo(before);

        assertThat(BackupCommands.restore(List.of("--from", newer.toString(), "--home", home.toString(),
                "--replace"))).as("onto the running source").isOne();
        assertThat(output.getErr()).contains("Another Outgrow is running").contains("Stop it first");

        Path fromTheFuture = scratch.resolve("future.zip");
        withManifest(newer, fromTheFuture, manifest -> manifest.replaceFirst("\"schemaVersion\" : \"\\d+\"",
                "\"schemaVersion\" : \"9999\""));
        assertThat(BackupCommands.restore(List.of("--from", fromTheFuture.toString(), "--home", target.toString(),
                "--replace"))).isOne();
        assertThat(output.getErr()).contains("The backup was taken at schema version 9999")
                .contains("this Outgrow knows versions up to");
        assertThat(contentsOf(target)).isEqualTo(before);

        byte[] bytes = Files.readAllBytes(newer);
        Path truncated = scratch.resolve("truncated.zip");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 2 / 3));
        assertThat(BackupCommands.restore(List.of("--from", truncated.toString(), "--home", target.toString(),
                "--replace"))).isOne();
        assertThat(output.getErr()).contains("is not a complete Outgrow backup (cut short or damaged");
        assertThat(contentsOf(target)).isEqualTo(before);

        Path corrupted = scratch.resolve("corrupted.zip");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 3] ^= 0x5a; // inside some table's compressed data
        Files.write(corrupted, flipped);
        assertThat(BackupCommands.restore(List.of("--from", corrupted.toString(), "--home", target.toString(),
                "--replace"))).isOne();
        assertThat(output.getErr()).contains("is damaged").contains("Nothing was changed");
        assertThat(contentsOf(target)).isEqualTo(before);
        assertThat(BackupCommands.backup(List.of("--to", file.toString(), "--home", home.toString())))
                .as("a backup never overwrites a file").isOne();

        assertThat(BackupCommands.restore(List.of("--from", newer.toString(), "--home", target.toString(),
                "--replace"))).as(output.getErr()).isZero();
        Map<String, String> replaced = contentsOf(target);
        assertThat(replaced).isNotEqualTo(before);
        replaced.remove("signed-in sessions");
        newerContents.remove("signed-in sessions");
        assertThat(replaced).isEqualTo(newerContents);
    }

    /** A copy of a backup with its manifest changed, every other entry as it was. */
    private static void withManifest(Path from, Path to, UnaryOperator<String> change)
            throws IOException {
        try (ZipFile in = new java.util.zip.ZipFile(from.toFile());
             ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(to))) {
            for (var entry : Collections.list(in.entries())) {
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                byte[] data = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("manifest.json")) {
                    data = change.apply(new String(data, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                }
                out.write(data);
                out.closeEntry();
            }
        }
    }

    /**
     * Backs up the running source and returns its contents, read just before and just after: when
     * nothing was written in between (asserted), they are the contents of the backup's snapshot.
     */
    private Map<String, String> backUp(Path file, CapturedOutput output) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), EmbeddedDatabaseServer.SUPERUSER, "")) {
            Map<String, String> before = DatabaseSnapshot.of(connection);
            assertThat(BackupCommands.backup(List.of("--to", file.toString(), "--home", home.toString())))
                    .as(output.getErr()).isZero();
            assertThat(DatabaseSnapshot.of(connection)).as("nothing written during the backup").isEqualTo(before);
            return before;
        }
    }

    /** The address of the server now running on that home. */
    private static String jdbcUrlOf(Path home) throws IOException {
        return "jdbc:postgresql://localhost:" + EmbeddedDatabaseServer.runningServerPort(home.resolve("postgres"))
                .orElseThrow() + "/" + EmbeddedDatabaseServer.DATABASE;
    }

    private static Map<String, String> contentsOf(Path home) throws SQLException {
        try (EmbeddedDatabaseServer restored = EmbeddedDatabaseServer.start(home.resolve("postgres"));
             Connection connection = restored.superuser(EmbeddedDatabaseServer.DATABASE)) {
            return DatabaseSnapshot.of(connection);
        }
    }
}
