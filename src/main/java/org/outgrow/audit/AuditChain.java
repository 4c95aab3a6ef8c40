package org.outgrow.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The hash of an audit row: SHA-256 over the previous row's hash and every field of this row, each
 * length-prefixed so no two different rows can produce the same input. Changing, removing or
 * reordering a row breaks every hash after it.
 */
final class AuditChain {

    static final byte[] GENESIS = new byte[32];

    record Row(UUID id, @Nullable UUID practiceId, Instant occurredAt, @Nullable UUID actor, @Nullable String actorRole,
               @Nullable UUID subjectClient, String action, @Nullable String resourceType, @Nullable String resourceId,
               String outcome, @Nullable String address, @Nullable String requestId) {
    }

    private AuditChain() {
    }

    static byte[] hash(byte[] previous, Row row) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous);
            digest.update(fields(row));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What the hash covers after the previous hash: each field as a presence byte, its length and
     * its UTF-8 text. The database's {@code audit_append} (V208) hashes the same bytes.
     */
    static byte[] fields(Row row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        for (Object field : new Object[] {row.id(), row.practiceId(), row.occurredAt().toEpochMilli() * 1000
                + (row.occurredAt().getNano() / 1000) % 1000, row.actor(), row.actorRole(), row.subjectClient(),
                row.action(), row.resourceType(), row.resourceId(), row.outcome(), row.address(), row.requestId()}) {
            byte[] bytes = field == null ? new byte[0] : field.toString().getBytes(StandardCharsets.UTF_8);
            out.write(field == null ? 0 : 1);
            out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
