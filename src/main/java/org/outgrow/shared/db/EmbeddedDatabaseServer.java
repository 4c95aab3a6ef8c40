package org.outgrow.shared.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL started from the binaries shipped as Maven artifacts, with its data under the
 * Outgrow home directory. The library's defaults suit throwaway test databases (fsync off,
 * asynchronous commit); here the server runs durably, because a solo practice's records live in
 * it. A server orphaned by a killed application is shut down cleanly before the next start.
 */
final class EmbeddedDatabaseServer implements DatabaseServer {

    static final String DATABASE = "outgrow";
    static final String OWNER = "outgrow_owner";
    static final String APP = "outgrow_app";
    /** The superuser the library's initdb creates, trusted on localhost only. */
    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static EmbeddedDatabaseServer start(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
            if (Files.exists(dataDirectory.resolve("postgresql.conf"))) {
                stopOrphanedServerUnlessInUse(dataDirectory);
            } else {
                // Not initialised yet, so no server can run here; initdb needs the directory empty,
                // and the lock file is all an earlier failed first start can have left in it.
                Files.deleteIfExists(dataDirectory.resolve("epg-lock"));
            }
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    // Durability first: the library passes -F (fsync off) and asynchronous commit;
                    // these settings come later on the command line and win.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("listen_addresses", "localhost")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            bootstrap(postgres);
            log.info("Embedded PostgreSQL ready on port {} with data in {}", postgres.getPort(), dataDirectory);
            return new EmbeddedDatabaseServer(postgres);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * A running Outgrow holds a lock on the data directory; a killed one leaves its lock free but
     * its PostgreSQL server running. Refuse to start beside a live instance; stop an orphan.
     */
    static void stopOrphanedServerUnlessInUse(Path dataDirectory) throws IOException {
        if (!Files.exists(dataDirectory.resolve("postgresql.conf"))) {
            return; // a fresh directory: initdb needs it empty, and no server can be running on it
        }
        Path lockFile = dataDirectory.resolve("epg-lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw inUse(dataDirectory);
            }
            stopOrphanedServer(dataDirectory);
        } catch (OverlappingFileLockException e) {
            throw inUse(dataDirectory);
        }
    }

    private static IllegalStateException inUse(Path dataDirectory) {
        return new IllegalStateException("Another Outgrow is running with the data in " + dataDirectory
                + ". Stop it first, or set OUTGROW_HOME to another directory.");
    }

    /**
     * Stops a PostgreSQL server whose application was killed with SIGINT, PostgreSQL's "fast
     * shutdown": it ends the dead sessions, writes a checkpoint and exits cleanly. (pg_ctl would
     * do the same but refuses to run as root, as CI does.)
     */
    static void stopOrphanedServer(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself removes it on start
        }
        log.warn("Found a PostgreSQL server (pid {}) left running by a previous run; stopping it", pid);
        ProcessHandle handle = process.get();
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
            handle.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("The orphaned PostgreSQL server did not stop in time; killing it");
            handle.destroyForcibly();
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                throw new IOException("Could not stop the orphaned PostgreSQL server (pid " + pid + ")");
            }
        }
    }

    /** Creates the owner and application roles and the database, once. */
    private static void bootstrap(EmbeddedPostgres postgres) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute(Roles.createIfMissing(OWNER, ""));
            statement.execute(Roles.createIfMissing(APP, ""));
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("create database " + DATABASE + " owner " + OWNER + " encoding 'UTF8'");
            }
        }
    }

    /** As PostgreSQL's superuser, which bypasses row-level security: for backup and restore only. */
    Connection superuser(String database) throws SQLException {
        return postgres.getDatabase(SUPERUSER, database).getConnection();
    }

    /**
     * The port of the PostgreSQL server running on this data directory, if one is: a running
     * Outgrow's (or one orphaned by a killed Outgrow). Line 4 of postmaster.pid is the port.
     */
    static Optional<Integer> runningServerPort(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.size() < 4) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.getFirst().trim());
            boolean alive = ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
            return alive ? Optional.of(Integer.parseInt(lines.get(3).trim())) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    @Override
    public String ownerUser() {
        return OWNER;
    }

    @Override
    public String ownerPassword() {
        return "";
    }

    @Override
    public String appUser() {
        return APP;
    }

    @Override
    public String appPassword() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
