package org.outgrow.shared.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a backup holds and a restore must reproduce: the application's tables with their columns,
 * and per table the row count and a content hash computed by PostgreSQL. Both sides compute the
 * hash with the same session settings, so the text form of every value is the same.
 */
final class TableContents {

    static final String FLYWAY_HISTORY = "flyway_schema_history";
    /**
     * Not backed up: Flyway's table is recreated by migrating; the Spring Session tables hold
     * live session ids in clear, which a backup must not carry (after a restore everyone signs
     * in again).
     */
    private static final List<String> NOT_BACKED_UP = List.of(FLYWAY_HISTORY, "spring_session",
            "spring_session_attributes");

    record Table(String name, List<String> columns) {
    }

    record Summary(long rows, String md5) {
    }

    private TableContents() {
    }

    /**
     * Fixes how values turn into text (COPY and the hash both use it), so two servers with
     * different defaults still agree.
     */
    static void fixTextForms(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("set timezone = 'UTC'; set datestyle = 'ISO, YMD'; set intervalstyle = 'postgres';"
                    + " set extra_float_digits = 1; set bytea_output = 'hex'; set client_encoding = 'UTF8'");
        }
    }

    /**
     * The ordinary tables of the public schema that a backup holds, in name order, with the
     * columns a COPY can load (generated columns are computed again on load).
     */
    static List<Table> tables(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select c.relname, a.attname
                from pg_class c
                join pg_namespace n on n.oid = c.relnamespace
                join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
                where n.nspname = 'public' and c.relkind in ('r', 'p') and a.attgenerated = ''
                  and c.relname <> all (?)
                order by c.relname, a.attnum""")) {
            statement.setArray(1, connection.createArrayOf("text", NOT_BACKED_UP.toArray()));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    tables.computeIfAbsent(rows.getString(1), name -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        }
        return tables.entrySet().stream().map(entry -> new Table(entry.getKey(), List.copyOf(entry.getValue())))
                .toList();
    }

    /**
     * Row count and an MD5 over the MD5 of each row's text, in the order of those row hashes:
     * independent of physical order and of any collation, and small enough to aggregate for
     * millions of rows.
     */
    static Summary summarize(Connection connection, Table table) throws SQLException {
        String sql = "select count(*), coalesce(md5(string_agg(h, '' order by h collate \"C\")), '')"
                + " from (select md5(row(" + columnList(table) + ")::text) as h from " + quote(table.name()) + ") rows";
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return new Summary(result.getLong(1), result.getString(2));
        }
    }

    static String columnList(Table table) {
        return String.join(", ", table.columns().stream().map(TableContents::quote).toList());
    }

    /** Table and column names come from the catalogue; quoting keeps any of them a plain name. */
    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
