package org.outgrow.shared;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a record or an account and must appear in the audit log. Modules
 * publish it; the audit module records it with the actor, practice, address and request id of
 * the moment. A read is recorded in its own transaction (it happened even if the request later
 * fails); a write joins the transaction of the change, so both commit or neither does.
 */
public record AuditEvent(String action, Kind kind, @Nullable String resourceType, @Nullable String resourceId,
                         @Nullable UUID subjectClientId, Outcome outcome, @Nullable UUID actorOverride,
                         @Nullable PracticeId practiceOverride) {

    public enum Kind { READ, WRITE, SECURITY }

    public enum Outcome { SUCCESS, DENIED, FAILURE }

    public static AuditEvent read(String action, String resourceType, Object resourceId, @Nullable UUID subjectClient) {
        return new AuditEvent(action, Kind.READ, resourceType, resourceId.toString(), subjectClient, Outcome.SUCCESS,
                null, null);
    }

    public static AuditEvent write(String action, String resourceType, Object resourceId, @Nullable UUID subjectClient) {
        return new AuditEvent(action, Kind.WRITE, resourceType, resourceId.toString(), subjectClient, Outcome.SUCCESS,
                null, null);
    }

    /** A sign-in or account event; the actor and practice are named because nobody is signed in yet. */
    public static AuditEvent security(String action, Outcome outcome, @Nullable UUID account,
                                      @Nullable PracticeId practice) {
        return new AuditEvent(action, Kind.SECURITY, "account", account == null ? null : account.toString(), null,
                outcome, account, practice);
    }

    public static AuditEvent denied(String resourceType, String resourceId) {
        return new AuditEvent("ACCESS_DENIED", Kind.SECURITY, resourceType, resourceId, null, Outcome.DENIED, null,
                null);
    }
}
