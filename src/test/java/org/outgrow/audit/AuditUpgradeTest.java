package org.outgrow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.UpgradeDatabase;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * A database that held audit rows before the chains had lanes (V196) is migrated by the schema
 * owner, whom forced row-level security binds: afterwards every practice's chain still has its
 * head, so the next append continues the chain instead of starting it again.
 */
@OutgrowTest
class AuditUpgradeTest {

    private static final String BEFORE_LANES = "195";

    @Autowired
    DatabaseServer server;

    @Value("${outgrow.database.app-user:outgrow_app}")
    String appRole;

    @Test
    void everyPracticesChainKeepsItsHeadThroughTheUpgrade() throws SQLException {
        try (UpgradeDatabase database = new UpgradeDatabase(server, appRole, "audit_upgrade")) {
            database.migrateTo(BEFORE_LANES);
            Map<String, String> lastHashes = new HashMap<>();
            try (Connection superuser = database.superuser()) {
                for (UUID practice : new UUID[] {UUID.randomUUID(), UUID.randomUUID()}) {
                    try (PreparedStatement insert = superuser.prepareStatement("insert into practice (id, slug, name,"
                            + " time_zone, created_at) values (?, ?, 'Before lanes', 'Europe/Berlin', now())")) {
                        insert.setObject(1, practice);
                        insert.setString(2, "p" + practice.toString().substring(0, 8));
                        insert.executeUpdate();
                    }
                    lastHashes.put(practice.toString(), appendRows(superuser, practice, 3));
                }
                lastHashes.put("system", appendRows(superuser, null, 2));
            }

            database.migrateTo(null);

            Map<String, String> heads = new HashMap<>();
            try (Connection superuser = database.superuser(); Statement statement = superuser.createStatement();
                 ResultSet rows = statement.executeQuery("select coalesce(practice_id::text, 'system'), lane, hash"
                         + " from audit_chain_head")) {
                while (rows.next()) {
                    assertThat(rows.getInt(2)).as("the rows from before lanes are lane 0").isZero();
                    heads.put(rows.getString(1), HexFormat.of().formatHex(rows.getBytes(3)));
                }
            }
            assertThat(heads).as("each chain's head is its last row's hash").isEqualTo(lastHashes);
        }
    }

    /** Rows chained hash to hash (the values need not be real digests here); returns the last hash. */
    private static String appendRows(Connection connection, UUID practice, int count) throws SQLException {
        byte[] previous = AuditChain.GENESIS;
        for (int i = 0; i < count; i++) {
            byte[] hash = new byte[32];
            new java.security.SecureRandom().nextBytes(hash);
            try (PreparedStatement insert = connection.prepareStatement("insert into audit_event (id, practice_id,"
                    + " occurred_at, action, outcome, prev_hash, hash) values (?, ?, ?, 'BEFORE_LANES', 'SUCCESS', ?, ?)")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setObject(2, practice);
                insert.setTimestamp(3, Timestamp.from(Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i)));
                insert.setBytes(4, previous);
                insert.setBytes(5, hash);
                insert.executeUpdate();
            }
            previous = hash;
        }
        return HexFormat.of().formatHex(previous);
    }
}
