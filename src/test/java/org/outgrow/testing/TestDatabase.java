package org.outgrow.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import org.outgrow.shared.db.Roles;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context its own database: an embedded server in its own home
 * under {@code target/}, or, when {@code outgrow.test.database-url} names a server (reached as a
 * superuser), a new database there with the owner and application roles.
 */
public class TestDatabase implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String EXTERNAL_URL = "outgrow.test.database-url";
    public static final String EXTERNAL_USER = "outgrow.test.database-user";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String home = Path.of("target", "test-homes", UUID.randomUUID().toString()).toAbsolutePath().toString();
        Map<String, Object> properties = new java.util.HashMap<>(Map.of("outgrow.home", home));
        String external = System.getProperty(EXTERNAL_URL, "");
        if (!external.isBlank()) {
            properties.putAll(createExternalDatabase(external, System.getProperty(EXTERNAL_USER, "postgres")));
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("testDatabase", properties));
    }

    /** The server's superuser: postgres on the embedded server, or the one named for an external one. */
    public static String superuser() {
        return System.getProperty(EXTERNAL_USER, "postgres");
    }

    /** A connection to that database as the superuser, which bypasses row-level security (trust or no password). */
    public static Connection superuser(String url) throws SQLException {
        return DriverManager.getConnection(url, superuser(), "");
    }

    public static Map<String, Object> createExternalDatabase(String serverUrl, String superuser) {
        String database = "outgrow_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(serverUrl, superuser, "");
             Statement statement = connection.createStatement()) {
            statement.execute(Roles.createIfMissing("outgrow_test_owner", ""));
            statement.execute(Roles.createIfMissing("outgrow_test_app", ""));
            statement.execute("create database " + database + " owner outgrow_test_owner");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a test database on " + serverUrl, e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (Connection connection = DriverManager.getConnection(serverUrl, superuser, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("drop database if exists " + database + " with (force)");
            } catch (SQLException e) {
                System.err.println("Could not drop test database " + database + ": " + e.getMessage());
            }
        }));
        String url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + database;
        return Map.of("outgrow.database.url", url, "outgrow.database.user", "outgrow_test_owner",
                "outgrow.database.app-user", "outgrow_test_app");
    }
}
