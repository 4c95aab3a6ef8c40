package org.outgrow.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.outgrow.shared.db.DatabaseServer;

/**
 * A database of its own on the test server for an upgrade test: migrated by the schema owner (whom
 * forced row-level security binds, as in a real upgrade) to a version, filled as the superuser
 * with rows an older Outgrow could have written, then migrated the rest of the way. Dropped on
 * close.
 */
public final class UpgradeDatabase implements AutoCloseable {

    private final DatabaseServer server;
    private final String appRole;
    private final String name;
    private final String url;

    public UpgradeDatabase(DatabaseServer server, String appRole, String prefix) throws SQLException {
        this.server = server;
        this.appRole = appRole;
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        this.url = server.jdbcUrl().substring(0, server.jdbcUrl().lastIndexOf('/') + 1) + name;
        try (Connection admin = TestDatabase.superuser(server.jdbcUrl()); Statement statement = admin.createStatement()) {
            statement.execute("create database " + name + " owner " + server.ownerUser());
        }
    }

    /** Migrates to {@code version}, or to the newest with {@code null}. */
    public void migrateTo(@Nullable String version) {
        var configuration = Flyway.configure().dataSource(url, server.ownerUser(), server.ownerPassword())
                .locations("classpath:db/migration").placeholders(Map.of("appRole", appRole));
        if (version != null) {
            configuration.target(version);
        }
        configuration.load().migrate();
    }

    /** A connection as the superuser, which row-level security does not bind. */
    public Connection superuser() throws SQLException {
        return TestDatabase.superuser(url);
    }

    /** A practice and its therapist, as an older Outgrow stored them; the slug also names the address. */
    public record Therapist(UUID practice, UUID account) {
    }

    public static Therapist therapist(Connection connection, String slug) throws SQLException {
        Therapist therapist = new Therapist(UUID.randomUUID(), UUID.randomUUID());
        execute(connection, "insert into practice (id, slug, name, time_zone, created_at)"
                + " values (?, ?, ?, 'Europe/Berlin', now())", therapist.practice(), slug, slug);
        execute(connection, "insert into account (practice_id, id, email, display_name, roles, sessions_valid_after,"
                + " created_at) values (?, ?, ?, 'T', array['THERAPIST'], now(), now())", therapist.practice(),
                therapist.account(), "therapist@" + slug + ".test");
        return therapist;
    }

    public static void execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    /** The first column of the one row a query returns, as text ("null" for none). */
    public static String single(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return String.valueOf(row.getString(1));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        try (Connection admin = TestDatabase.superuser(server.jdbcUrl()); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        }
    }
}
