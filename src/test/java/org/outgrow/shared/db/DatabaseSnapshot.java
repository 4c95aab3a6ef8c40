package org.outgrow.shared.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a restore drill compares between the source and the restored database, computed here
 * independently of the code under test. Read as a role that bypasses row-level security.
 */
final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    /**
     * Per table "rows md5" (each row's text in primary-key order; sessions only counted), then the
     * schema history, the table owners and row-security flags, the policies and the grants.
     */
    static Map<String, String> of(Connection connection) throws SQLException {
        Map<String, String> contents = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set timezone = 'UTC'");
            for (String[] table : rows(statement, """
                    select c.relname, coalesce((select string_agg(quote_ident(a.attname), ', ' order by k.ord)
                        from pg_index i cross join unnest(i.indkey) with ordinality k(attnum, ord)
                        join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                        where i.indrelid = c.oid and i.indisprimary), 't::text')
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'flyway_schema_history'
                      and c.relname not like 'spring_session%'
                    order by 1""")) {
                contents.put("table " + table[0], rows(statement, "select count(*) || ' ' || coalesce(md5(string_agg("
                        + "md5(t::text), '' order by " + table[1] + ")), '') from " + table[0] + " t").getFirst()[0]);
            }
            contents.put("signed-in sessions", rows(statement, "select count(*) from spring_session").getFirst()[0]);
            contents.put("migrations", String.join("; ", rows(statement, "select version || ':' || checksum from"
                    + " flyway_schema_history where success order by installed_rank").stream().map(row -> row[0]).toList()));
            contents.put("owners and row security", join(rows(statement, """
                    select c.relname || ' ' || pg_get_userbyid(c.relowner) || ' ' || c.relrowsecurity || ' '
                        || c.relforcerowsecurity
                    from pg_class c join pg_namespace n on n.oid = c.relnamespace
                    where n.nspname = 'public' and c.relkind = 'r' order by 1""")));
            contents.put("policies", join(rows(statement, "select tablename || ' ' || policyname || ' ' || cmd || ' '"
                    + " || roles::text || ' ' || coalesce(qual, '') || ' ' || coalesce(with_check, '')"
                    + " from pg_policies where schemaname = 'public' order by 1")));
            contents.put("grants", join(rows(statement, "select grantee || ' ' || table_name || ' ' || privilege_type"
                    + " from information_schema.role_table_grants where table_schema = 'public' order by 1")));
            contents.put("application role", join(rows(statement, "select rolname || ' ' || rolsuper || ' '"
                    + " || rolbypassrls from pg_roles where rolname in ('outgrow_owner', 'outgrow_app') order by 1")));
        }
        return contents;
    }

    private static String join(List<String[]> rows) {
        return String.join("\n", rows.stream().map(row -> row[0]).toList());
    }

    static List<String[]> rows(Statement statement, String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
