package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The application serves requests as a role that row-level security binds: it owns no table, is
 * no superuser and may not bypass RLS. Runs on the embedded server and, in CI's second pass, on
 * the external one, and checks it is connected to the server that pass names.
 */
@OutgrowTest
class ApplicationRoleTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DatabaseServer server;

    @Test
    void connectsToTheServerThisRunNames() {
        String external = System.getProperty(TestDatabase.EXTERNAL_URL, "");
        int port = jdbc.sql("select inet_server_port()").query(Integer.class).single();
        if (external.isBlank()) {
            assertThat(server).isInstanceOf(EmbeddedDatabaseServer.class);
            assertThat(server.jdbcUrl()).endsWith(":" + port + "/" + EmbeddedDatabaseServer.DATABASE);
        } else {
            int externalPort = URI.create(external.substring("jdbc:".length())).getPort();
            assertThat(server).isInstanceOf(ExternalDatabaseServer.class);
            assertThat(port).isEqualTo(externalPort == -1 ? 5432 : externalPort);
        }
    }

    @Test
    void servesWithoutJitCompilation() {
        assertThat(jdbc.sql("show jit").query(String.class).single()).as("PostgreSQL's jit for the application")
                .isEqualTo("off");
    }

    @Test
    void runsOnPostgresFifteenOrNewer() {
        int version = jdbc.sql("select current_setting('server_version_num')::int").query(Integer.class).single();
        assertThat(version).isGreaterThanOrEqualTo(150000);
    }

    @Test
    void servesAsARoleBoundByRowLevelSecurity() {
        record Role(String name, boolean superuser, boolean bypassesRls) {
        }
        Role role = jdbc.sql("select rolname, rolsuper, rolbypassrls from pg_roles where rolname = current_user")
                .query((rs, row) -> new Role(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3)))
                .single();
        assertThat(role.name()).isEqualTo(server.appUser()).isNotEqualTo(server.ownerUser());
        assertThat(role.superuser()).as("superuser").isFalse();
        assertThat(role.bypassesRls()).as("bypasses row-level security").isFalse();
    }

    @Test
    void ownsNoTableItQueries() {
        int tables = jdbc.sql("select count(*) from pg_tables where schemaname = 'public'").query(Integer.class).single();
        int owned = jdbc.sql("select count(*) from pg_tables where schemaname = 'public' and tableowner = current_user")
                .query(Integer.class).single();
        String clientOwner = jdbc.sql("select tableowner from pg_tables where schemaname = 'public' and tablename = 'client'")
                .query(String.class).single();
        assertThat(tables).as("migrated tables").isPositive();
        assertThat(owned).isZero();
        assertThat(clientOwner).isEqualTo(server.ownerUser());
    }
}
