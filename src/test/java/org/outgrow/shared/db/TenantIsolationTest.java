package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenant isolation at the database layer: even a query that forgets the practice filter sees
 * only the current practice's rows, and with no practice set it sees none.
 */
@OutgrowTest
class TenantIsolationTest {

    /** Tables without a practice_id, each for a stated reason; any new table must be added here or get RLS. */
    private static final Set<String> GLOBAL_TABLES = Set.of(
            "practice",                   // the tenant registry itself
            "spring_session",             // web sessions, keyed by a secret id
            "spring_session_attributes",
            "flyway_schema_history");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    TestPractice practices;

    private TestPractice.People a;
    private TestPractice.People b;

    @BeforeEach
    void twoPractices() {
        a = practices.create();
        b = practices.create();
    }

    @Test
    void aQueryWithoutPracticeFilterSeesOnlyTheCurrentPractice() {
        List<UUID> seen = Tenancy.call(Tenancy.Context.of(a.practice()), () -> transactions.execute(status ->
                jdbc.sql("select id from client").query(UUID.class).list()));
        assertThat(seen).contains(a.client(), a.otherClient()).doesNotContain(b.client(), b.otherClient());
        List<UUID> accounts = Tenancy.call(Tenancy.Context.of(b.practice()), () -> transactions.execute(status ->
                jdbc.sql("select id from account").query(UUID.class).list()));
        assertThat(accounts).contains(b.therapist()).doesNotContain(a.therapist(), a.admin());
    }

    @Test
    void withoutAPracticeEveryTenantTableIsEmpty() {
        for (String table : tenantTables()) {
            Integer rows = transactions.execute(status -> jdbc.sql("select count(*) from " + table)
                    .query(Integer.class).single());
            assertThat(rows).as(table).isZero();
        }
        Integer outsideTransaction = jdbc.sql("select count(*) from client").query(Integer.class).single();
        assertThat(outsideTransaction).isZero();
    }

    @Test
    void rowsOfAnotherPracticeCannotBeWrittenOrChanged() {
        assertThatThrownBy(() -> Tenancy.run(Tenancy.Context.of(a.practice()), () -> transactions
                .executeWithoutResult(status -> jdbc.sql("""
                        insert into client (practice_id, id, display_name, created_at) values (?, ?, 'Intruder', ?)""")
                        .params(b.practice().value(), UUID.randomUUID(), Timestamp.from(Instant.now())).update())))
                .rootCause().hasMessageContaining("row-level security");
        Integer changed = Tenancy.call(Tenancy.Context.of(a.practice()), () -> transactions.execute(status ->
                jdbc.sql("update client set display_name = 'Changed' where id = ?").param(b.client()).update()));
        assertThat(changed).isZero();
    }

    @Test
    void aPooledConnectionCarriesNothingToItsNextUser() {
        for (int i = 0; i < 20; i++) {
            Tenancy.run(Tenancy.Context.of(a.practice()), () -> transactions.executeWithoutResult(status ->
                    jdbc.sql("select count(*) from client").query(Integer.class).single()));
            Integer afterwards = transactions.execute(status -> jdbc.sql("select count(*) from client")
                    .query(Integer.class).single());
            assertThat(afterwards).isZero();
        }
    }

    @Test
    void everyTenantTableHasForcedRowLevelSecurityWithAPolicy() {
        List<String> all = jdbc.sql("select tablename from pg_tables where schemaname = 'public'")
                .query(String.class).list();
        List<String> tenant = tenantTables();
        assertThat(all).as("tables with neither practice_id nor a reason to be global")
                .allMatch(table -> tenant.contains(table) || GLOBAL_TABLES.contains(table));
        for (String table : tenant) {
            Boolean secured = jdbc.sql("""
                    select c.relrowsecurity and c.relforcerowsecurity
                           and exists (select 1 from pg_policies p where p.tablename = c.relname)
                    from pg_class c where c.relname = ? and c.relnamespace = 'public'::regnamespace""")
                    .param(table).query(Boolean.class).single();
            assertThat(secured).as(table + " has RLS enabled, forced and a policy").isTrue();
        }
    }

    @Test
    void theApplicationRoleOwnsNothingAndCannotBypassSecurity() {
        Boolean privileged = jdbc.sql("select rolsuper or rolbypassrls or rolcreaterole or rolcreatedb"
                + " from pg_roles where rolname = current_user").query(Boolean.class).single();
        assertThat(privileged).isFalse();
        Integer owned = jdbc.sql("select count(*) from pg_class c join pg_roles r on r.oid = c.relowner"
                + " where r.rolname = current_user").query(Integer.class).single();
        assertThat(owned).isZero();
    }

    private List<String> tenantTables() {
        return jdbc.sql("""
                select table_name from information_schema.columns
                where table_schema = 'public' and column_name = 'practice_id' order by table_name""")
                .query(String.class).list();
    }
}
