package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.shared.db.DrillTools.Ran;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The external server's physical backup and point-in-time recovery, as
 * {@code docs/backup-and-restore.md} ("Point-in-time recovery") tells the operator (checklist
 * T35): WAL streamed off the server with {@code pg_receivewal}, a base backup with
 * {@code pg_basebackup}, {@code pg_verifybackup}; a practice written, the time noted, another
 * practice written; then the backup recovered to that time as a new server on another port. The
 * first practice is there row for row, the second is not, {@code pg_amcheck} finds nothing and
 * Outgrow's {@code audit-verify} passes on the recovered database. Prints the recovery time.
 * Runs only against an external server (CI's second pass, which allows replication connections
 * from 127.0.0.1), with that server's own programs, as its operating-system user.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class PointInTimeRecoveryDrillTest {

    private static final String SLOT = "outgrow_recovery_drill";

    @Autowired
    TestPractice practices;

    @Value("${outgrow.database.url:}")
    String databaseUrl;

    @Value("${outgrow.database.user:}")
    String owner;

    @Value("${outgrow.database.app-user:}")
    String appRole;

    private String serverUrl;
    private String superuser;
    private Path tools;
    private Path scratch;

    @BeforeEach
    void externalOnly() throws Exception {
        serverUrl = System.getProperty(TestDatabase.EXTERNAL_URL, "");
        assumeThat(serverUrl).as("recovers an external server").isNotBlank();
        superuser = TestDatabase.superuser();
        tools = DrillTools.programs(serverUrl, "pg_basebackup", "pg_receivewal", "pg_verifybackup", "pg_ctl",
                "pg_amcheck");
        scratch = Files.createTempDirectory("outgrow-recovery-drill").toAbsolutePath();
        if (root()) { // the server's programs refuse to run as root; they run as the server's own user
            assertThat(DrillTools.run(List.of("chown", "postgres:postgres", scratch.toString())).exitCode()).isZero();
        }
    }

    @Test
    void aBaseBackupAndItsWalRecoverToTheMomentBetweenTwoWrites(CapturedOutput output) throws Exception {
        Server server = Server.of(databaseUrl);
        String database = server.database();
        Path wal = scratch.resolve("wal");
        Path base = scratch.resolve("base");
        Process receiver = null;
        Integer port = null;
        try {
            Ran slot = asServerUser("pg_receivewal", "--host", server.host(), "--port", server.port(), "--username",
                    superuser, "--slot", SLOT, "--create-slot", "--if-not-exists");
            assertThat(slot.exitCode()).as("a replication slot; the server must allow replication connections from"
                    + " this host (pg_hba.conf: host replication postgres 127.0.0.1/32 …): " + slot.output()).isZero();
            Files.createDirectories(wal);
            chownIfRoot(wal);
            receiver = startAsServerUser("pg_receivewal", "--directory", wal.toString(), "--host", server.host(),
                    "--port", server.port(), "--username", superuser, "--slot", SLOT, "--no-loop");

            Ran backup = asServerUser("pg_basebackup", "--pgdata", base.toString(), "--host", server.host(),
                    "--port", server.port(), "--username", superuser, "--wal-method=stream", "--checkpoint=fast",
                    "--manifest-checksums=SHA256");
            assertThat(backup.exitCode()).as(backup.output()).isZero();
            Ran verified = asServerUser("pg_verifybackup", base.toString());
            assertThat(verified.exitCode()).as("pg_verifybackup: " + verified.output()).isZero();

            TestPractice.People kept = practices.create();
            String keptRows;
            String target;
            try (Connection connection = TestDatabase.superuser(databaseUrl); Statement statement = connection.createStatement()) {
                keptRows = rowsOf(statement, kept.practice().value());
                target = DatabaseSnapshot.rows(statement, "select clock_timestamp()::text").getFirst()[0];
            }
            TestPractice.People lost = practices.create();
            String segment;
            try (Connection connection = TestDatabase.superuser(databaseUrl); Statement statement = connection.createStatement()) {
                segment = DatabaseSnapshot.rows(statement, "select pg_walfile_name(pg_switch_wal())").getFirst()[0];
            }
            Awaitility.await("WAL segment " + segment + " streamed").atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(100)).until(() -> Files.exists(wal.resolve(segment)));
            receiver.destroy();
            assertThat(receiver.waitFor(30, TimeUnit.SECONDS)).isTrue();

            port = freePort();
            Files.writeString(base.resolve("postgresql.conf"), String.join("\n",
                    "port = " + port, "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = '" + scratch + "'",
                    "restore_command = 'cp " + wal + "/%f %p'",
                    "recovery_target_time = '" + target + "'",
                    "recovery_target_action = 'promote'", ""), StandardCharsets.UTF_8);
            Files.writeString(base.resolve("pg_hba.conf"), "local all all trust\nhost all all 127.0.0.1/32 trust\n",
                    StandardCharsets.UTF_8);
            Files.writeString(base.resolve("pg_ident.conf"), "", StandardCharsets.UTF_8);
            Files.writeString(base.resolve("recovery.signal"), "", StandardCharsets.UTF_8);
            chownIfRoot(base);

            long started = System.nanoTime();
            Ran start = asServerUser("pg_ctl", "--pgdata", base.toString(), "--log", scratch.resolve("recovered.log")
                    .toString(), "--wait", "--timeout", "300", "start");
            assertThat(start.exitCode()).as(start.output() + log()).isZero();
            String recovered = "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
            Awaitility.await("recovery finished").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .ignoreExceptions().until(() -> {
                        try (Connection connection = TestDatabase.superuser(recovered);
                             Statement statement = connection.createStatement()) {
                            return DatabaseSnapshot.rows(statement, "select pg_is_in_recovery()").getFirst()[0]
                                    .equals("f");
                        }
                    });
            Duration recovery = Duration.ofNanos(System.nanoTime() - started);

            try (Connection connection = TestDatabase.superuser(recovered); Statement statement = connection.createStatement()) {
                assertThat(rowsOf(statement, kept.practice().value())).as("the practice written before the moment")
                        .isEqualTo(keptRows);
                assertThat(DatabaseSnapshot.rows(statement, "select count(*) from practice where id = '"
                        + lost.practice().value() + "'").getFirst()[0]).as("the practice written after it").isEqualTo("0");
            }
            assertThat(log()).contains("recovery stopping before commit");
            Ran checked = DrillTools.run(tools.resolve("pg_amcheck"), "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--username", superuser, "--database", database, "--install-missing",
                    "--heapallindexed");
            assertThat(checked.exitCode()).as("pg_amcheck: " + checked.output()).isZero();

            assertThat(DrillTools.auditVerify(scratch.resolve("home"), recovered, owner, appRole)).isZero();
            assertThat(output.getOut()).contains("Audit log intact");
            System.out.printf("Point-in-time recovery drill: base backup %d MB, %d WAL segments, recovered to %s"
                            + " and promoted in %d ms%n", size(base) / 1_000_000, segments(wal), target,
                    recovery.toMillis());
        } finally {
            if (receiver != null && receiver.isAlive()) {
                receiver.destroyForcibly();
            }
            if (port != null) {
                asServerUser("pg_ctl", "--pgdata", base.toString(), "--mode", "immediate", "stop");
            }
            try (Connection connection = TestDatabase.superuser(serverUrl); Statement statement = connection.createStatement()) {
                statement.execute("select pg_drop_replication_slot(slot_name) from pg_replication_slots"
                        + " where slot_name = '" + SLOT + "'");
            }
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Every row of the practice in every table that has one, as a count and a hash per table. */
    private static String rowsOf(Statement statement, UUID practice) throws SQLException {
        List<String> tables = DatabaseSnapshot.rows(statement, """
                select c.table_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = 'public' and c.column_name = 'practice_id' and t.table_type = 'BASE TABLE'
                order by 1""").stream().map(row -> row[0]).toList();
        StringBuilder rows = new StringBuilder();
        for (String table : tables) {
            rows.append(table).append(' ').append(DatabaseSnapshot.rows(statement, "select count(*) || ' ' ||"
                    + " coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from " + table
                    + " t where practice_id = '" + practice + "'").getFirst()[0]).append('\n');
        }
        assertThat(rows).as("the practice has accounts").contains("account ").doesNotContain("account 0 ");
        return rows.toString();
    }

    private String log() throws IOException {
        Path log = scratch.resolve("recovered.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private record Server(String host, String port, String database) {
        static Server of(String jdbcUrl) {
            java.net.URI uri = java.net.URI.create(jdbcUrl.substring("jdbc:".length()));
            return new Server(uri.getHost(), String.valueOf(uri.getPort()), uri.getPath().substring(1));
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void chownIfRoot(Path path) throws IOException, InterruptedException {
        if (root()) {
            assertThat(DrillTools.run(List.of("chown", "-R", "postgres:postgres", path.toString())).exitCode()).isZero();
        }
    }

    private List<String> asServerUserCommand(String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (root()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(tools.resolve(program).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    private Ran asServerUser(String program, String... arguments) throws IOException, InterruptedException {
        return DrillTools.run(asServerUserCommand(program, arguments));
    }

    private Process startAsServerUser(String program, String... arguments) throws IOException {
        return new ProcessBuilder(asServerUserCommand(program, arguments)).redirectErrorStream(true)
                .redirectOutput(scratch.resolve(program + ".log").toFile()).start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long size(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }

    private static long segments(Path wal) throws IOException {
        try (Stream<Path> files = Files.list(wal)) {
            return files.filter(path -> path.getFileName().toString().matches("[0-9A-F]{24}")).count();
        }
    }
}
