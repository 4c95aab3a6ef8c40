package org.outgrow.identity;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bearer tokens for the FHIR API. A token is created by a therapist and acts for them: it sees
 * what they may see and does only what its scopes allow. The secret is shown once and only its
 * hash is kept; a token expires after a year at most and can be revoked by its owner or an
 * administrator. Creating, revoking and refusing a token are audited.
 */
@Service
public class ApiTokens {

    /** What a token may do. */
    public enum Scope {
        /** Read and search the owner's clients' records. */
        READ,
        /** Submit questionnaire responses, scored and alerted like a portal answer. */
        SUBMIT_RESPONSES;

        public String authority() {
            return "SCOPE_" + name();
        }
    }

    static final Duration LONGEST = Duration.ofDays(365);
    /** Tokens are told apart from other secrets by their prefix, which is not part of the hash. */
    static final String PREFIX = "og_";

    public record Listed(UUID id, UUID ownerId, String name, Set<Scope> scopes, Instant createdAt, Instant expiresAt,
                         @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {
        public boolean live(Instant now) {
            return revokedAt == null && now.isBefore(expiresAt);
        }
    }

    /** Who a presented token acts for, once it has been checked. */
    record Bearer(OutgrowUser owner, Set<Scope> scopes) {
    }

    private final JdbcClient jdbc;
    private final Accounts accounts;
    private final TenantTransactions transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ApiTokens(JdbcClient jdbc, Accounts accounts, TenantTransactions transactions, ApplicationEventPublisher events,
              Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** A new token for a therapist of the current practice; the returned secret is never stored. */
    @Transactional
    public String issue(OutgrowUser therapist, String name, Set<Scope> scopes, Duration validFor) {
        if (!therapist.has(Role.THERAPIST)) {
            throw new IllegalArgumentException("Only therapists hold API tokens");
        }
        if (name.isBlank() || name.strip().length() > 100) {
            throw new TokenRejected("apiTokens.rule.name");
        }
        if (scopes.isEmpty()) {
            throw new TokenRejected("apiTokens.rule.scopes");
        }
        if (validFor.isNegative() || validFor.isZero() || validFor.compareTo(LONGEST) > 0) {
            throw new TokenRejected("apiTokens.rule.validity");
        }
        String secret = Tokens.newToken();
        UUID id = Ids.next();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into api_token (practice_id, id, account_id, name, scopes, token_hash, created_at, expires_at)
                values (?, ?, ?, ?, ?::text[], ?, ?, ?)""")
                .params(therapist.practiceId().value(), id, therapist.accountId(), name.strip(),
                        "{" + String.join(",", scopes.stream().map(Scope::name).sorted().toList()) + "}",
                        Tokens.hash(secret), Timestamp.from(now), Timestamp.from(now.plus(validFor)))
                .update();
        events.publishEvent(AuditEvent.write("API_TOKEN_CREATED", "api_token", id, null));
        return PREFIX + secret;
    }

    /** The owner's own tokens, or with {@code everyone} every token of the practice (for administrators). */
    @Transactional(readOnly = true)
    public List<Listed> listed(OutgrowUser viewer, boolean everyone) {
        return jdbc.sql("""
                select id, account_id, name, scopes, created_at, expires_at, revoked_at, last_used_at from api_token
                where practice_id = ? and (? or account_id = ?) order by created_at desc""")
                .params(viewer.practiceId().value(), everyone, viewer.accountId())
                .query(ApiTokens::listed).list();
    }

    /** Revokes a token of the owner's, or any of the practice's when {@code anyOwner}; false if none matched. */
    @Transactional
    public boolean revoke(UUID id, OutgrowUser by, boolean anyOwner) {
        int revoked = jdbc.sql("""
                update api_token set revoked_at = ?, revoked_by = ?
                where practice_id = ? and id = ? and revoked_at is null and (? or account_id = ?)""")
                .params(Timestamp.from(clock.instant()), by.accountId(), by.practiceId().value(), id, anyOwner,
                        by.accountId())
                .update();
        if (revoked == 1) {
            events.publishEvent(AuditEvent.write("API_TOKEN_REVOKED", "api_token", id, null));
        }
        return revoked == 1;
    }

    /**
     * The bearer behind a presented secret: a live token whose owner is still an active therapist.
     * The owner's roles are narrowed to THERAPIST, so a token never carries administrator rights.
     */
    Optional<Bearer> authenticate(String presented) {
        if (!presented.startsWith(PREFIX) || !Tokens.wellFormed(presented.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        String hash = Tokens.hash(presented.substring(PREFIX.length()));
        Instant now = clock.instant();
        Optional<Found> found = transactions.call(Tenancy.Context.lookingUpToken(hash), () -> jdbc.sql("""
                        select practice_id, id, account_id, scopes from api_token
                        where token_hash = ? and revoked_at is null and expires_at > ?""")
                .params(hash, Timestamp.from(now))
                .query((rs, row) -> new Found(new PracticeId(rs.getObject("practice_id", UUID.class)),
                        rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class), scopes(rs)))
                .optional());
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Found token = found.get();
        return transactions.call(Tenancy.Context.of(token.practice(), token.account()), () -> {
            Optional<Account> owner = accounts.byId(token.account())
                    .filter(account -> !account.disabled() && account.roles().contains(Role.THERAPIST));
            if (owner.isEmpty()) {
                return Optional.<Bearer>empty();
            }
            jdbc.sql("update api_token set last_used_at = ? where practice_id = ? and id = ?"
                            + " and (last_used_at is null or last_used_at < ?)")
                    .params(Timestamp.from(now), token.practice().value(), token.id(),
                            Timestamp.from(now.minus(Duration.ofMinutes(1))))
                    .update();
            Account account = owner.get();
            return Optional.of(new Bearer(new OutgrowUser(account.id(), account.practice(),
                    account.displayName(), EnumSet.of(Role.THERAPIST)), token.scopes()));
        });
    }

    private record Found(PracticeId practice, UUID id, UUID account, Set<Scope> scopes) {
    }

    private static Listed listed(ResultSet rs, int row) throws SQLException {
        return new Listed(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class),
                rs.getString("name"), scopes(rs), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(), instant(rs, "revoked_at"), instant(rs, "last_used_at"));
    }

    private static Set<Scope> scopes(ResultSet rs) throws SQLException {
        Array array = rs.getArray("scopes");
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream((String[]) array.getArray()).map(Scope::valueOf).forEach(scopes::add);
        return scopes;
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    /** A token request that cannot be granted as asked; the key says what to change. */
    public static final class TokenRejected extends RuntimeException {
        private final String messageKey;

        TokenRejected(String messageKey) {
            super(messageKey);
            this.messageKey = messageKey;
        }

        public String messageKey() {
            return messageKey;
        }
    }
}
