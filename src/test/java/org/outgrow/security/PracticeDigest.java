package org.outgrow.security;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every practice table but the audit log (its rows and chain heads), as a digest of its rows.
 * Call it in the practice's tenancy: row security keeps it to that practice.
 */
final class PracticeDigest {

    private PracticeDigest() {
    }

    static Map<String, String> of(JdbcClient jdbc) {
        Map<String, String> digests = new LinkedHashMap<>();
        for (String table : jdbc.sql("select table_name from information_schema.columns where column_name ="
                + " 'practice_id' and table_schema = current_schema() and table_name not in ('audit_event',"
                + " 'audit_chain_head') order by table_name").query(String.class).list()) {
            digests.put(table, jdbc.sql("select count(*) || ':' || coalesce(md5(string_agg(t::text, ',' order by"
                    + " t::text)), '') from \"" + table + "\" t").query(String.class).single());
        }
        return digests;
    }
}
