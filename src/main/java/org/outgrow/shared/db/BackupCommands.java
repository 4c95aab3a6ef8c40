package org.outgrow.shared.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.crypto.Keysets;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * {@code backup --to <file>} and {@code restore --from <file> [--replace]} for the embedded
 * database under the Outgrow home ({@code --home}, else {@code OUTGROW_HOME}, else
 * {@code ~/.outgrow}). They manage the database server themselves instead of starting the
 * application: a backup must work beside a running Outgrow (it reads from that Outgrow's server),
 * and a restore must not run beside one (it refuses). An external PostgreSQL is backed up with
 * its own tools; see docs/backup-and-restore.md.
 */
public final class BackupCommands {

    private BackupCommands() {
    }

    public static int backup(List<String> arguments) {
        return quietly(() -> runBackup(arguments));
    }

    public static int restore(List<String> arguments) {
        return quietly(() -> runRestore(arguments));
    }

    private static int runBackup(List<String> arguments) {
        Map<String, String> options = options(arguments, Set.of("to", "home"), Set.of());
        if (options == null || !options.containsKey("to")) {
            System.err.println("Usage: backup --to <file> [--home <directory>]");
            return 2;
        }
        if (refuseExternal()) {
            return 1;
        }
        Path home = home(options);
        Path dataDirectory = DatabaseProperties.embeddedDataDirectory(home);
        Path target = Path.of(options.get("to")).toAbsolutePath();
        if (!Files.exists(dataDirectory.resolve("postgresql.conf"))) {
            System.err.println("There is no Outgrow database under " + home + " (no " + dataDirectory
                    + "). Pass the home with --home or OUTGROW_HOME.");
            return 1;
        }
        if (Files.exists(target)) {
            System.err.println(target + " exists already; a backup never overwrites a file. Choose a new name,"
                    + " for example with the date: outgrow-$(date +%F).zip");
            return 1;
        }
        long started = System.nanoTime();
        try {
            BackupFile.Manifest manifest;
            Optional<Integer> running = EmbeddedDatabaseServer.runningServerPort(dataDirectory);
            if (running.isPresent()) {
                System.out.println("The database is running; backing up from one consistent snapshot of it.");
                try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:"
                        + running.get() + "/" + EmbeddedDatabaseServer.DATABASE, EmbeddedDatabaseServer.SUPERUSER, "")) {
                    manifest = Backup.write(connection, target, appVersion(), keyIds(home));
                }
            } else {
                try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(dataDirectory);
                     Connection connection = server.superuser(EmbeddedDatabaseServer.DATABASE)) {
                    manifest = Backup.write(connection, target, appVersion(), keyIds(home));
                }
            }
            System.out.println("Backup written to " + target + ": " + describe(manifest) + ", in "
                    + seconds(started) + ".");
            System.out.println("The encryption keys are not in it: keep a copy of " + home.resolve("keys")
                    + " apart from the backups. Without them encrypted fields and process notes cannot be read.");
            return 0;
        } catch (SQLException | IOException | IllegalStateException e) {
            System.err.println("No backup was written: " + e.getMessage());
            return 1;
        }
    }

    private static int runRestore(List<String> arguments) {
        Map<String, String> options = options(arguments, Set.of("from", "home"), Set.of("replace"));
        if (options == null || !options.containsKey("from")) {
            System.err.println("Usage: restore --from <file> [--home <directory>] [--replace]");
            return 2;
        }
        if (refuseExternal()) {
            return 1;
        }
        Path home = home(options);
        long started = System.nanoTime();
        try (BackupFile backup = BackupFile.open(Path.of(options.get("from")).toAbsolutePath())) {
            EmbeddedDatabaseServer server;
            try {
                server = EmbeddedDatabaseServer.start(DatabaseProperties.embeddedDataDirectory(home));
            } catch (IllegalStateException e) {
                System.err.println("Nothing was restored: " + e.getMessage());
                return 1;
            }
            try (server) {
                Restore.into(server, backup, options.containsKey("replace"));
            }
            System.out.println("Restored " + options.get("from") + " into " + home + ": " + describe(backup.manifest())
                    + ", every table's rows and content hash checked, in " + seconds(started) + ".");
            warnAboutKeys(home, backup.manifest());
            System.out.println("Next: start Outgrow on it and run audit-verify.");
            return 0;
        } catch (BackupFile.Unusable | Restore.Refused e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (SQLException | IOException | RuntimeException e) {
            System.err.println("The restore failed and nothing was changed: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Without the application, logging keeps its defaults and the library would echo initdb and
     * every migration; the operator needs warnings and the command's own lines only.
     */
    private static int quietly(java.util.function.IntSupplier command) {
        LoggingSystem logging = LoggingSystem.get(BackupCommands.class.getClassLoader());
        var root = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME);
        @Nullable LogLevel before = root == null ? null : root.getConfiguredLevel();
        logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, LogLevel.WARN);
        try {
            return command.getAsInt();
        } finally {
            if (before != null) {
                logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, before);
            }
        }
    }

    /** Keyset file under keys/, and the variable that replaces it when set. */
    private static final Map<String, String> KEYSETS = Map.of("fields.json", "OUTGROW_KEYSET",
            "process-notes.json", "OUTGROW_PROCESS_NOTES_KEYSET");

    private static Map<String, List<Integer>> keyIds(Path home) throws IOException {
        Map<String, List<Integer>> ids = new TreeMap<>();
        for (String name : KEYSETS.keySet()) {
            try {
                List<Integer> keys = Keysets.keyIds(home.resolve("keys").resolve(name));
                if (!keys.isEmpty()) {
                    ids.put(name, keys);
                }
            } catch (GeneralSecurityException e) {
                throw new IOException(home.resolve("keys").resolve(name) + " is not a readable keyset", e);
            }
        }
        return ids;
    }

    /**
     * The data is restored either way; what was sealed opens only with the keys it was sealed
     * with, so say which keyset files the new home still needs.
     */
    private static void warnAboutKeys(Path home, BackupFile.Manifest manifest) throws IOException {
        Map<String, List<Integer>> needed = manifest.keyIds() == null ? Map.of() : manifest.keyIds();
        for (Map.Entry<String, List<Integer>> keyset : new TreeMap<>(needed).entrySet()) {
            String variable = KEYSETS.get(keyset.getKey());
            if (variable == null || System.getenv(variable) != null) {
                continue; // given in the environment: whoever manages it knows which keys it holds
            }
            Path file = home.resolve("keys").resolve(keyset.getKey());
            List<Integer> here;
            try {
                here = Keysets.keyIds(file);
            } catch (GeneralSecurityException e) {
                here = List.of();
            }
            if (!here.containsAll(keyset.getValue())) {
                System.out.println("Before starting Outgrow, copy keys/" + keyset.getKey() + " of the original home to "
                        + file + (here.isEmpty() ? "" : " (the one there holds other keys)")
                        + ": what was encrypted with it cannot be opened otherwise.");
            }
        }
    }

    private static String describe(BackupFile.Manifest manifest) {
        long rows = manifest.tables().stream().mapToLong(BackupFile.TableEntry::rows).sum();
        return manifest.tables().size() + " tables, " + rows + " rows, schema version " + manifest.schemaVersion()
                + ", taken " + manifest.createdAt() + " by Outgrow " + manifest.appVersion();
    }

    private static boolean refuseExternal() {
        String url = System.getenv("OUTGROW_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            System.err.println("OUTGROW_DATABASE_URL is set, so the data is on that PostgreSQL server, not in the"
                    + " embedded database. Back it up with pg_dump as described in docs/backup-and-restore.md.");
            return true;
        }
        return false;
    }

    private static Path home(Map<String, String> options) {
        if (options.containsKey("home")) {
            return Path.of(options.get("home")).toAbsolutePath();
        }
        String configured = System.getenv("OUTGROW_HOME");
        return configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".outgrow") : Path.of(configured).toAbsolutePath();
    }

    /** {@code --key value} for the given keys and bare {@code --flag}s; null when anything else is there. */
    private static @Nullable Map<String, String> options(List<String> arguments, Set<String> keys, Set<String> flags) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            String name = arguments.get(i).startsWith("--") ? arguments.get(i).substring(2) : "";
            if (flags.contains(name)) {
                options.put(name, "");
            } else if (keys.contains(name) && i + 1 < arguments.size()) {
                options.put(name, arguments.get(++i));
            } else {
                return null;
            }
        }
        return options;
    }

    private static String appVersion() {
        String version = BackupCommands.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    private static String seconds(long startedNanos) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        return String.format(java.util.Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
    }
}
