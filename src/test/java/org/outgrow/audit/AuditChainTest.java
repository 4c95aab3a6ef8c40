package org.outgrow.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class AuditChainTest {

    private final AuditChain.Row row = new AuditChain.Row(UUID.randomUUID(), UUID.randomUUID(),
            Instant.parse("2026-11-23T10:00:00.123456Z"), UUID.randomUUID(), "THERAPIST", UUID.randomUUID(),
            "CLIENT_VIEWED", "client", "abc", "SUCCESS", "127.0.0.1", "req1");

    @Test
    void anyChangedFieldOrPredecessorChangesTheHash() {
        byte[] hash = AuditChain.hash(AuditChain.GENESIS, row);
        assertThat(AuditChain.hash(AuditChain.GENESIS, row)).isEqualTo(hash);
        assertThat(AuditChain.hash(hash, row)).isNotEqualTo(hash);
        AuditChain.Row changed = new AuditChain.Row(row.id(), row.practiceId(), row.occurredAt(), row.actor(),
                row.actorRole(), row.subjectClient(), "CLIENT_CHANGED", row.resourceType(), row.resourceId(),
                row.outcome(), row.address(), row.requestId());
        assertThat(AuditChain.hash(AuditChain.GENESIS, changed)).isNotEqualTo(hash);
    }

    @Test
    void fieldBoundariesCannotBeShifted() {
        AuditChain.Row a = new AuditChain.Row(row.id(), null, row.occurredAt(), null, null, null, "AB", "C", null,
                "SUCCESS", null, null);
        AuditChain.Row b = new AuditChain.Row(row.id(), null, row.occurredAt(), null, null, null, "A", "BC", null,
                "SUCCESS", null, null);
        assertThat(AuditChain.hash(AuditChain.GENESIS, a)).isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, b));
    }
}
