package org.outgrow.shared.db;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Restores a backup into the embedded server, all or nothing: into a new database migrated by
 * this Outgrow's own migrations up to the backup's schema version (so roles, grants and forced
 * row-level security are this version's), loaded in one transaction that checks every table's
 * rows and hash before it commits, migrated on to the current version, and only then swapped in
 * for the old database by two renames in one transaction. Any failure drops the new database and
 * leaves the old one as it was.
 */
final class Restore {

    static final String RESTORING = "outgrow_restoring";
    private static final String REPLACED = "outgrow_replaced";

    /** The restore was not done and nothing was changed; the message says why and what to do. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private Restore() {
    }

    static void into(EmbeddedDatabaseServer server, BackupFile backup, boolean replace)
            throws Refused, SQLException, IOException {
        BackupFile.Manifest manifest = backup.manifest();
        if (!replace) {
            refuseUnlessEmpty(server);
        }
        try (Connection admin = server.superuser("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + RESTORING + " with (force)");
            statement.execute("create database " + RESTORING + " owner " + EmbeddedDatabaseServer.OWNER
                    + " encoding 'UTF8'");
            try {
                Flyway latest = flyway(server, MigrationVersion.LATEST);
                refuseUnknownSchema(manifest, latest);
                flyway(server, MigrationVersion.fromVersion(manifest.schemaVersion())).migrate();
                try (Connection restoring = server.superuser(RESTORING)) {
                    refuseDifferentHistory(manifest, Backup.migrations(restoring));
                    load(restoring, backup);
                }
                latest.migrate();
                statement.execute("drop database if exists " + REPLACED + " with (force)");
                swap(admin);
            } catch (Refused | SQLException | IOException | RuntimeException e) {
                statement.execute("drop database if exists " + RESTORING + " with (force)");
                throw e;
            }
            try {
                statement.execute("drop database if exists " + REPLACED + " with (force)");
            } catch (SQLException e) {
                // restored already; the old copy only takes space until the next restore drops it
                System.err.println("The previous database is kept as " + REPLACED + ": " + e.getMessage());
            }
        }
    }

    private static void refuseUnlessEmpty(EmbeddedDatabaseServer server) throws SQLException, Refused {
        try (Connection target = server.superuser(EmbeddedDatabaseServer.DATABASE)) {
            for (TableContents.Table table : TableContents.tables(target)) {
                try (Statement statement = target.createStatement();
                     ResultSet any = statement.executeQuery("select exists (select from "
                             + TableContents.quote(table.name()) + ")")) {
                    any.next();
                    if (any.getBoolean(1)) {
                        throw new Refused("The database already holds data (table " + table.name() + " is not"
                                + " empty), so nothing was restored and nothing was changed. To replace it with the"
                                + " backup, first take a backup of it (backup --to <file>), then run restore again"
                                + " with --replace.");
                    }
                }
            }
        }
    }

    private static void refuseUnknownSchema(BackupFile.Manifest manifest, Flyway flyway) throws Refused {
        MigrationVersion wanted = MigrationVersion.fromVersion(manifest.schemaVersion());
        MigrationVersion known = java.util.Arrays.stream(flyway.info().all())
                .map(MigrationInfo::getVersion)
                .filter(java.util.Objects::nonNull)
                .max(MigrationVersion::compareTo)
                .orElse(MigrationVersion.EMPTY);
        if (wanted.compareTo(known) > 0) {
            throw new Refused("The backup was taken at schema version " + manifest.schemaVersion() + " (Outgrow "
                    + manifest.appVersion() + "); this Outgrow knows versions up to " + known.getVersion()
                    + ". Nothing was changed. Restore it with Outgrow " + manifest.appVersion() + " or newer.");
        }
    }

    /** Same versions with the same checksums: the tables the backup came from are the tables it goes into. */
    private static void refuseDifferentHistory(BackupFile.Manifest manifest, List<BackupFile.Migration> here)
            throws Refused {
        List<BackupFile.Migration> there = manifest.migrations();
        for (int i = 0; i < Math.max(there.size(), here.size()); i++) {
            BackupFile.Migration backup = i < there.size() ? there.get(i) : null;
            BackupFile.Migration ours = i < here.size() ? here.get(i) : null;
            if (backup == null || ours == null || !backup.version().equals(ours.version())
                    || !java.util.Objects.equals(backup.checksum(), ours.checksum())) {
                throw new Refused("The backup's schema history differs from this Outgrow's at "
                        + (backup == null ? "version " + ours.version() + " (not in the backup)"
                        : "version " + backup.version() + " (" + backup.script() + ")")
                        + ": it was taken by Outgrow " + manifest.appVersion() + " with migrations this one does not"
                        + " have. Nothing was changed. Restore it with the Outgrow that wrote it.");
            }
        }
    }

    /**
     * One transaction. Triggers and foreign-key checks are off while loading, as with pg_dump's
     * --disable-triggers: the rows come from one consistent snapshot, and the check below compares
     * every table with the backup before anything commits.
     */
    private static void load(Connection restoring, BackupFile backup) throws SQLException, IOException, Refused {
        BackupFile.Manifest manifest = backup.manifest();
        restoring.setAutoCommit(false);
        try {
            TableContents.fixTextForms(restoring);
            List<TableContents.Table> tables = TableContents.tables(restoring);
            List<String> expected = manifest.tables().stream()
                    .map(entry -> entry.name() + entry.columns()).toList();
            List<String> actual = tables.stream().map(table -> table.name() + table.columns()).toList();
            if (!expected.equals(actual)) {
                throw new Refused("The tables at schema version " + manifest.schemaVersion()
                        + " differ from the backup's. Nothing was changed. Restore it with Outgrow "
                        + manifest.appVersion() + ".");
            }
            try (Statement statement = restoring.createStatement()) {
                statement.execute("set local session_replication_role = replica");
            }
            CopyManager copy = restoring.unwrap(PGConnection.class).getCopyAPI();
            for (TableContents.Table table : tables) {
                try (InputStream in = backup.table(table.name())) {
                    copy.copyIn("copy " + TableContents.quote(table.name()) + " (" + TableContents.columnList(table)
                            + ") from stdin", in);
                }
            }
            for (BackupFile.SequenceValue sequence : manifest.sequences()) {
                try (var setval = restoring.prepareStatement("select setval(?::regclass, ?, true)")) {
                    setval.setString(1, TableContents.quote(sequence.name()));
                    setval.setLong(2, sequence.value());
                    setval.execute();
                }
            }
            List<String> differences = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                BackupFile.TableEntry entry = manifest.tables().get(i);
                TableContents.Summary restored = TableContents.summarize(restoring, tables.get(i));
                if (restored.rows() != entry.rows() || !restored.md5().equals(entry.md5())) {
                    differences.add(entry.name() + " (backup " + entry.rows() + " rows, restored " + restored.rows()
                            + ")");
                }
            }
            if (!differences.isEmpty()) {
                throw new Refused("The restored data does not match the backup's manifest in " + differences
                        + ". Nothing was changed.");
            }
            restoring.commit();
        } finally {
            if (!restoring.getAutoCommit()) {
                restoring.rollback();
            }
        }
    }

    /** Renames are transactional in PostgreSQL: both happen or neither. */
    private static void swap(Connection admin) throws SQLException {
        admin.setAutoCommit(false);
        try (Statement statement = admin.createStatement()) {
            boolean exists;
            try (ResultSet row = statement.executeQuery("select exists (select from pg_database where datname = '"
                    + EmbeddedDatabaseServer.DATABASE + "')")) {
                row.next();
                exists = row.getBoolean(1);
            }
            if (exists) {
                statement.execute("alter database " + EmbeddedDatabaseServer.DATABASE + " rename to " + REPLACED);
            }
            statement.execute("alter database " + RESTORING + " rename to " + EmbeddedDatabaseServer.DATABASE);
            admin.commit();
        } catch (SQLException e) {
            admin.rollback();
            throw e;
        } finally {
            admin.setAutoCommit(true);
        }
    }

    private static Flyway flyway(EmbeddedDatabaseServer server, MigrationVersion target) {
        return Flyway.configure()
                .dataSource(server.jdbcUrl(RESTORING), EmbeddedDatabaseServer.OWNER, "")
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", EmbeddedDatabaseServer.APP))
                .target(target)
                .load();
    }
}
