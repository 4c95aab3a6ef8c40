package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.shared.db.DrillTools.Ran;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The external server's restore drill, step by step as {@code docs/backup-and-restore.md}
 * ("External PostgreSQL") tells the operator: {@code pg_dump} as a role made for backups (the
 * schema owner is refused by forced row-level security), {@code pg_restore} into a new database
 * in one transaction, {@code pg_amcheck} clean, the same rows, roles and policies, and Outgrow started on the restored
 * database with an intact audit chain. Runs only against an external server (CI's second pass),
 * with that server's own client programs.
 */
@OutgrowTest
@ActiveProfiles("demo")
@ExtendWith(OutputCaptureExtension.class)
class ExternalBackupDrillTest {

    private static final String DEMO_PASSWORD = "outgrow demo 2026";
    private static final String BACKUP_ROLE = "outgrow_test_backup";

    @Autowired
    TestPractice testPractice;

    @Autowired
    MockMvc mvc;

    @Value("${outgrow.database.url:}")
    String databaseUrl;

    @Value("${outgrow.database.user:}")
    String owner;

    @Value("${outgrow.database.app-user:}")
    String appRole;

    private String serverUrl;
    private String superuser;
    private Path scratch;

    @BeforeEach
    void externalOnly() throws IOException {
        serverUrl = System.getProperty(TestDatabase.EXTERNAL_URL, "");
        assumeThat(serverUrl).as("backs up an external server").isNotBlank();
        superuser = TestDatabase.superuser();
        scratch = Files.createDirectories(Path.of("target", "external-backup-drill", UUID.randomUUID().toString()))
                .toAbsolutePath();
    }

    @Test
    void aDumpByTheBackupRoleRestoresIntoANewDatabaseWithTheSameRowsRolesAndPoliciesAndAnIntactAuditChain(
            CapturedOutput output) throws Exception {
        testPractice.create();
        Visitor.signedIn(mvc, "sam.okafor@outgrow-demo.test", DEMO_PASSWORD); // sign-in: audit rows, a session
        URI server = URI.create(databaseUrl.substring("jdbc:".length()));
        String source = server.getPath().substring(1);
        String restored = source + "_restored";
        try (Connection connection = superuser(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute(Roles.createIfMissing(BACKUP_ROLE, ""));
            statement.execute("alter role " + BACKUP_ROLE + " bypassrls");
            statement.execute("grant pg_read_all_data to " + BACKUP_ROLE);
        }
        Path tools = DrillTools.programs(serverUrl, "pg_dump", "pg_restore", "pg_amcheck");

        Ran asOwner = DrillTools.run(tools.resolve("pg_dump"), "--format=custom", "--host", server.getHost(),
                "--port", String.valueOf(server.getPort()), "--username", owner, "--dbname", source,
                "--file", scratch.resolve("as-owner.dump").toString());
        assertThat(asOwner.exitCode()).as("the schema owner cannot dump past forced row-level security").isNotZero();
        assertThat(asOwner.output()).contains("row-level security");

        Path dump = scratch.resolve("outgrow.dump");
        Map<String, String> before = snapshotOf(source);
        Ran dumped = DrillTools.run(tools.resolve("pg_dump"), "--format=custom", "--host", server.getHost(),
                "--port", String.valueOf(server.getPort()), "--username", BACKUP_ROLE, "--dbname", source,
                "--file", dump.toString());
        assertThat(dumped.exitCode()).as(dumped.output()).isZero();
        assertThat(snapshotOf(source)).as("nothing written during the dump").isEqualTo(before);

        try {
            try (Connection connection = superuser(serverUrl); Statement statement = connection.createStatement()) {
                statement.execute("create database " + restored + " owner " + owner);
            }
            long started = System.nanoTime();
            Ran loaded = DrillTools.run(tools.resolve("pg_restore"), "--host", server.getHost(),
                    "--port", String.valueOf(server.getPort()), "--username", superuser, "--dbname", restored,
                    "--single-transaction", "--exit-on-error", dump.toString());
            Duration restoreTime = Duration.ofNanos(System.nanoTime() - started);
            assertThat(loaded.exitCode()).as(loaded.output()).isZero();

            Ran checked = DrillTools.run(tools.resolve("pg_amcheck"), "--host", server.getHost(),
                    "--port", String.valueOf(server.getPort()), "--username", superuser, "--database", restored,
                    "--install-missing", "--heapallindexed");
            assertThat(checked.exitCode()).as("pg_amcheck finds the tables and indexes sound: " + checked.output())
                    .isZero();
            try (Connection connection = superuser(urlOf(restored)); Statement statement = connection.createStatement()) {
                statement.execute("drop extension if exists amcheck");
            }
            assertThat(snapshotOf(restored)).isEqualTo(before);
            assertThat(before.get("table audit_event")).doesNotStartWith("0 ");
            assertThat(before.get("table measure_response")).doesNotStartWith("0 ");
            try (Connection connection = superuser(urlOf(restored)); Statement statement = connection.createStatement()) {
                // The checks the procedure gives the operator, on the restored database.
                assertThat(DatabaseSnapshot.rows(statement, """
                        select relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                        where nspname = 'public' and relkind = 'r' and relrowsecurity and not relforcerowsecurity"""))
                        .as("tables whose row-level security is not forced").isEmpty();
                assertThat(DatabaseSnapshot.rows(statement, "select count(*) from pg_class c join pg_namespace n"
                        + " on n.oid = c.relnamespace where nspname = 'public' and relkind = 'r' and relrowsecurity")
                        .getFirst()[0]).isNotEqualTo("0");
                assertThat(DatabaseSnapshot.rows(statement, "select rolsuper || ' ' || rolbypassrls from pg_roles"
                        + " where rolname = '" + appRole + "'").getFirst()[0]).isEqualTo("false false");
                assertThat(DatabaseSnapshot.rows(statement, "select count(*) from pg_tables where schemaname = 'public'"
                        + " and tableowner = '" + appRole + "'").getFirst()[0]).isEqualTo("0");
            }

            assertThat(DrillTools.auditVerify(scratch.resolve("home"), urlOf(restored), owner, appRole)).isZero();
            long auditRows = Long.parseLong(before.get("table audit_event").split(" ")[0]);
            assertThat(output.getOut()).contains("Audit log intact: " + auditRows + " rows checked.");
            System.out.printf("External restore drill: %d rows in %d tables, dump %d KB, pg_restore %d ms%n",
                    before.entrySet().stream().filter(entry -> entry.getKey().startsWith("table "))
                            .mapToLong(entry -> Long.parseLong(entry.getValue().split(" ")[0])).sum(),
                    before.keySet().stream().filter(key -> key.startsWith("table ")).count(),
                    Files.size(dump) / 1024, restoreTime.toMillis());
        } finally {
            try (Connection connection = superuser(serverUrl); Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + restored + " with (force)");
            }
        }
    }

    private Map<String, String> snapshotOf(String database) throws SQLException {
        try (Connection connection = superuser(urlOf(database))) {
            return DatabaseSnapshot.of(connection);
        }
    }

    private String urlOf(String database) {
        return serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
    }

    private Connection superuser(String url) throws SQLException {
        return TestDatabase.superuser(url);
    }
}
