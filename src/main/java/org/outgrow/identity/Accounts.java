package org.outgrow.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Accounts of the current practice. Other modules create and list accounts through here. */
@Repository
public class Accounts {

    private static final String COLUMNS = """
            id, practice_id, email, display_name, roles, password_hash, totp_secret, totp_last_step, mfa_exempt,
            failed_logins, locked_until, disabled_at, sessions_valid_after, language""";

    private final JdbcClient jdbc;
    private final Clock clock;

    Accounts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * What other modules may know of an account: {@code locked} is a password lockout in force now,
     * {@code language} the one they last signed in with, if known.
     */
    public record Summary(UUID id, String email, String displayName, Set<Role> roles, boolean active,
                          boolean passwordSet, boolean locked, @Nullable Locale language) {

        /** The language to write to them in: theirs, or {@code otherwise} until they next sign in. */
        public Locale languageOr(Locale otherwise) {
            return language != null ? language : otherwise;
        }
    }

    /** The languages Outgrow's pages and mail are written in; any other reads English. */
    static final Set<String> LANGUAGES = Set.of("en", "de");

    public static String normalizeEmail(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * Creates an account in the current practice. E-mail addresses are unique across practices;
     * the unique index sees every row whatever the row security, so a taken address surfaces as
     * {@link EmailInUse} without revealing where it is used.
     */
    @Transactional
    public UUID create(String email, String displayName, Set<Role> roles, boolean mfaExempt,
                       @Nullable String passwordHash) {
        UUID id = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        try {
            jdbc.sql("""
                insert into account (practice_id, id, email, display_name, roles, password_hash, mfa_exempt,
                                     sessions_valid_after, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Tenancy.requirePractice().value(), id, normalizeEmail(email), displayName.strip(),
                        roles.stream().map(Role::name).sorted().toArray(String[]::new), passwordHash, mfaExempt,
                        now, now)
                .update();
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new EmailInUse();
        }
        return id;
    }

    /** Thrown when the e-mail address already belongs to an account. */
    public static final class EmailInUse extends RuntimeException {
        EmailInUse() {
            super("E-mail address already in use");
        }
    }

    @Transactional(readOnly = true)
    public List<Summary> inPractice() {
        return jdbc.sql("select " + COLUMNS + " from account where practice_id = ? order by display_name")
                .param(Tenancy.requirePractice().value())
                .query(Accounts::map).list().stream().map(this::summary).toList();
    }

    /** The practice's active accounts holding the role, by name: for example the supervisors to choose from. */
    @Transactional(readOnly = true)
    public List<Summary> activeWithRole(Role role) {
        return inPractice().stream().filter(account -> account.active() && account.roles().contains(role)).toList();
    }

    /**
     * The language the first of these accounts to have one last signed in with, in one look-up;
     * a null id is passed over (say, a client without a portal login).
     */
    public Optional<Locale> firstLanguage(@Nullable UUID... ids) {
        UUID[] given = Arrays.stream(ids).filter(Objects::nonNull).toArray(UUID[]::new);
        return jdbc.sql("""
                select language from account where id = any(?) and language is not null
                order by array_position(?, id) limit 1""")
                .params(given, given).query(String.class).optional().map(Locale::forLanguageTag);
    }

    @Transactional(readOnly = true)
    public Optional<Summary> summary(UUID id) {
        return byId(id).map(this::summary);
    }

    Optional<Account> byId(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from account where id = ?").param(id).query(Accounts::map).optional();
    }

    Optional<Account> byEmailForUpdate(String email) {
        return jdbc.sql("select " + COLUMNS + " from account where email = ? for update")
                .param(normalizeEmail(email)).query(Accounts::map).optional();
    }

    void recordFailure(UUID id, int failures, @Nullable Instant lockedUntil) {
        jdbc.sql("update account set failed_logins = ?, locked_until = ? where id = ?")
                .params(failures, lockedUntil == null ? null : Timestamp.from(lockedUntil), id).update();
    }

    /** Keeps the language the person signed in with, for mail written to them because of others. */
    void rememberLanguage(UUID id, Locale asked) {
        String language = LANGUAGES.contains(asked.getLanguage()) ? asked.getLanguage() : "en";
        jdbc.sql("update account set language = ? where id = ? and language is distinct from ?")
                .params(language, id, language).update();
    }

    void clearFailures(UUID id) {
        jdbc.sql("update account set failed_logins = 0, locked_until = null where id = ? and failed_logins > 0")
                .param(id).update();
    }

    void setPassword(UUID id, String passwordHash) {
        jdbc.sql("update account set password_hash = ?, failed_logins = 0, locked_until = null where id = ?")
                .params(passwordHash, id).update();
    }

    void setTotpSecret(UUID id, byte[] encryptedSecret, long acceptedStep) {
        jdbc.sql("update account set totp_secret = ?, totp_last_step = ? where id = ?")
                .params(encryptedSecret, acceptedStep, id).update();
    }

    /** Accepts a code's step only if it is newer than any accepted before: no code works twice. */
    boolean acceptTotpStep(UUID id, long step) {
        return jdbc.sql("update account set totp_last_step = ?, failed_logins = 0, locked_until = null"
                        + " where id = ? and totp_last_step < ?")
                .params(step, id, step).update() == 1;
    }

    /** Ends every session of the account from now on (sign out everywhere, disabling). */
    @Transactional
    public void endAllSessions(UUID id) {
        jdbc.sql("update account set sessions_valid_after = ? where id = ?")
                .params(Timestamp.from(clock.instant()), id).update();
    }

    @Transactional
    public void disable(UUID id) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("update account set disabled_at = ?, sessions_valid_after = ? where id = ? and practice_id = ?")
                .params(now, now, id, Tenancy.requirePractice().value()).update();
    }

    /**
     * A client's portal account whose owner asked to be erased: it can never sign in again, keeps
     * no address, name or credentials, and its sessions end now. The row stays until the record
     * it belongs to is deleted, as the audit log names it.
     */
    @Transactional
    public void forget(UUID id) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                update account set email = 'erased.' || id || '@erased.invalid', display_name = 'Erased',
                    password_hash = null, totp_secret = null, disabled_at = coalesce(disabled_at, ?),
                    sessions_valid_after = ?
                where id = ? and practice_id = ? and roles = array['CLIENT']""")
                .params(now, now, id, Tenancy.requirePractice().value()).update();
        jdbc.sql("delete from spring_session where principal_name = ?").params(id.toString()).update();
    }

    static String totpAssociatedData(UUID accountId) {
        return "account.totp_secret:" + accountId;
    }

    private Summary summary(Account account) {
        return new Summary(account.id(), account.email(), account.displayName(), account.roles(),
                !account.disabled(), account.passwordHash() != null, account.locked(clock.instant()), account.language());
    }

    private static Account map(ResultSet rs, int row) throws SQLException {
        String[] roles = (String[]) rs.getArray("roles").getArray();
        Set<Role> roleSet = Arrays.stream(roles).map(Role::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        return new Account(rs.getObject("id", UUID.class), new PracticeId(rs.getObject("practice_id", UUID.class)),
                rs.getString("email"), rs.getString("display_name"), Set.copyOf(roleSet),
                rs.getString("password_hash"), rs.getBytes("totp_secret"), rs.getLong("totp_last_step"),
                rs.getBoolean("mfa_exempt"), rs.getInt("failed_logins"), instant(rs, "locked_until"),
                instant(rs, "disabled_at"), rs.getTimestamp("sessions_valid_after").toInstant(),
                rs.getString("language") == null ? null : Locale.forLanguageTag(rs.getString("language")));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
