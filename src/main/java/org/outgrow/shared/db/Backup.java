package org.outgrow.shared.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Writes a backup from one REPEATABLE READ, read-only transaction, so every table, count and
 * hash comes from the same snapshot while the application keeps writing (what pg_dump does; the
 * zonky binaries ship no pg_dump). Connects as the superuser, which row-level security does not
 * filter, so every practice's rows are in it. The file appears under its name only once complete.
 */
final class Backup {

    private Backup() {
    }

    static BackupFile.Manifest write(Connection superuser, Path target, String appVersion,
                                     Map<String, List<Integer>> keyIds) throws SQLException, IOException {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        superuser.setAutoCommit(false);
        superuser.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        superuser.setReadOnly(true);
        try {
            TableContents.fixTextForms(superuser);
            List<BackupFile.Migration> migrations = migrations(superuser);
            CopyManager copy = superuser.unwrap(PGConnection.class).getCopyAPI();
            List<BackupFile.TableEntry> entries = new ArrayList<>();
            try (BackupFile.Writer writer = new BackupFile.Writer(partial)) {
                for (TableContents.Table table : TableContents.tables(superuser)) {
                    TableContents.Summary summary = TableContents.summarize(superuser, table);
                    try (OutputStream out = writer.beginTable(table.name())) {
                        copy.copyOut("copy " + TableContents.quote(table.name()) + " ("
                                + TableContents.columnList(table) + ") to stdout", out);
                    }
                    entries.add(new BackupFile.TableEntry(table.name(), table.columns(), summary.rows(),
                            summary.md5(), writer.endTable()));
                }
                writer.manifest(new BackupFile.Manifest(BackupFile.FORMAT, BackupFile.FORMAT_VERSION, appVersion,
                        Instant.now().toString(), serverVersion(superuser), migrations.getLast().version(),
                        migrations, entries, sequences(superuser), keyIds));
            }
            superuser.commit();
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before it carries the name a scheduler checks for
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            try (BackupFile written = BackupFile.open(target)) {
                return written.manifest();
            }
        } catch (BackupFile.Unusable e) {
            throw new IOException("The backup just written does not read back: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(partial);
            if (!superuser.getAutoCommit()) {
                superuser.rollback();
            }
        }
    }

    static List<BackupFile.Migration> migrations(Connection connection) throws SQLException {
        List<BackupFile.Migration> migrations = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select version, checksum, script from "
                     + TableContents.FLYWAY_HISTORY + " where success and version is not null order by installed_rank")) {
            while (rows.next()) {
                migrations.add(new BackupFile.Migration(rows.getString(1), (Integer) rows.getObject(2),
                        rows.getString(3)));
            }
        }
        if (migrations.isEmpty()) {
            throw new SQLException("The database has no migrations applied: there is nothing to back up yet.");
        }
        return migrations;
    }

    /** Identity columns' sequences: read outside the snapshot, so at most ahead of it (a gap, never a clash). */
    private static List<BackupFile.SequenceValue> sequences(Connection connection) throws SQLException {
        // last_value is null for a sequence never used (the superuser sees every one).
        List<BackupFile.SequenceValue> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select sequencename, last_value from pg_sequences"
                     + " where schemaname = 'public' and last_value is not null order by sequencename")) {
            while (rows.next()) {
                values.add(new BackupFile.SequenceValue(rows.getString(1), rows.getLong(2)));
            }
        }
        return values;
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("show server_version")) {
            row.next();
            return row.getString(1);
        }
    }
}
