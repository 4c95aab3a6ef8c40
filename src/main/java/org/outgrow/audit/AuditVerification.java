package org.outgrow.audit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Walks each audit chain (every lane of every practice, and the one outside any practice) from
 * its start and names the first row whose hash does not hold.
 */
@Component
class AuditVerification {

    record Broken(@Nullable UUID practice, long seq, UUID id) {
    }

    record Report(long rowsChecked, List<Broken> broken) {
    }

    private final JdbcClient jdbc;
    private final TenantTransactions tenantTransactions;

    AuditVerification(JdbcClient jdbc, TenantTransactions tenantTransactions) {
        this.jdbc = jdbc;
        this.tenantTransactions = tenantTransactions;
    }

    Report verifyAll() {
        List<UUID> practices = jdbc.sql("select id from practice order by id").query(UUID.class).list();
        List<Broken> broken = new ArrayList<>();
        long checked = 0;
        List<@Nullable UUID> chains = new ArrayList<>(practices);
        chains.add(null);
        for (UUID practice : chains) {
            Tenancy.Context context = practice == null ? Tenancy.Context.NONE
                    : Tenancy.Context.of(new PracticeId(practice));
            long[] count = {0};
            List<Broken> found = tenantTransactions.call(context, () -> jdbc.sql(
                            "select distinct lane from audit_event where practice_id is not distinct from ? order by lane")
                    .param(practice).query(Integer.class).list().stream()
                    .flatMap(lane -> verify(practice, lane, count).stream()).toList());
            checked += count[0];
            broken.addAll(found);
        }
        return new Report(checked, broken);
    }

    private Optional<Broken> verify(@Nullable UUID practice, int lane, long[] count) {
        byte[][] previous = {AuditChain.GENESIS};
        Broken[] firstBroken = {null};
        jdbc.sql("""
                select seq, id, practice_id, occurred_at, actor_account_id, actor_role, subject_client_id, action,
                       resource_type, resource_id, outcome, address, request_id, prev_hash, hash
                from audit_event where practice_id is not distinct from ? and lane = ? order by seq""")
                .params(practice, lane)
                .query(rs -> {
                    if (firstBroken[0] != null) {
                        return;
                    }
                    count[0]++;
                    AuditChain.Row row = new AuditChain.Row(rs.getObject("id", UUID.class),
                            rs.getObject("practice_id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
                            rs.getObject("actor_account_id", UUID.class), rs.getString("actor_role"),
                            rs.getObject("subject_client_id", UUID.class), rs.getString("action"),
                            rs.getString("resource_type"), rs.getString("resource_id"), rs.getString("outcome"),
                            rs.getString("address"), rs.getString("request_id"));
                    byte[] expected = AuditChain.hash(previous[0], row);
                    if (!Arrays.equals(previous[0], rs.getBytes("prev_hash"))
                            || !Arrays.equals(expected, rs.getBytes("hash"))) {
                        firstBroken[0] = new Broken(practice, rs.getLong("seq"), row.id());
                        return;
                    }
                    previous[0] = expected;
                });
        return Optional.ofNullable(firstBroken[0]);
    }
}
