package org.outgrow.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Single-use, expiring tokens behind e-mailed links. Only hashes are stored; a token is spent by
 * one conditional update, so of any number of simultaneous uses exactly one succeeds.
 */
@Repository
class OneTimeTokens {

    enum Purpose { INVITATION, LOGIN_LINK, PASSWORD_RESET }

    record Spent(UUID accountId) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    OneTimeTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Issues a token for an account of the current practice; returns the token itself, never stored. */
    String issue(UUID accountId, Purpose purpose, Duration validFor) {
        String token = Tokens.newToken();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into one_time_token (practice_id, id, account_id, purpose, token_hash, expires_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(Tenancy.requirePractice().value(), Ids.next(), accountId, purpose.name(), Tokens.hash(token),
                        Timestamp.from(now.plus(validFor)), Timestamp.from(now))
                .update();
        return token;
    }

    /** The account a live token belongs to, without spending it. Needs the token's look-up context. */
    Optional<UUID> peek(String token, Purpose purpose) {
        return jdbc.sql("""
                select account_id from one_time_token
                where token_hash = ? and purpose = ? and used_at is null and expires_at > ?""")
                .params(Tokens.hash(token), purpose.name(), Timestamp.from(clock.instant()))
                .query(UUID.class).optional();
    }

    /** Spends a live token. Needs the token's look-up context. */
    Optional<Spent> spend(String token, Purpose purpose) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                update one_time_token set used_at = ?
                where token_hash = ? and purpose = ? and used_at is null and expires_at > ?
                returning account_id""")
                .params(now, Tokens.hash(token), purpose.name(), now)
                .query((rs, row) -> new Spent(rs.getObject("account_id", UUID.class)))
                .optional();
    }

    /** Whether the account was issued a token of this purpose in the last {@code period}, spent or not. */
    boolean issuedWithin(UUID accountId, Purpose purpose, Duration period) {
        return jdbc.sql("select exists (select 1 from one_time_token where account_id = ? and purpose = ?"
                        + " and created_at > ?)")
                .params(accountId, purpose.name(), Timestamp.from(clock.instant().minus(period)))
                .query(Boolean.class).single();
    }

    /** Withdraws the account's unspent tokens of one purpose, e.g. when a new invitation replaces one. */
    void withdraw(UUID accountId, Purpose purpose) {
        jdbc.sql("update one_time_token set used_at = ? where account_id = ? and purpose = ? and used_at is null")
                .params(Timestamp.from(clock.instant()), accountId, purpose.name()).update();
    }
}
