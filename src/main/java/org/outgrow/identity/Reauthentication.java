package org.outgrow.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpSession;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.crypto.FieldCipher;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Asking someone already signed in to prove themselves again before a sensitive step: taking the
 * device back after in-room answering (password), or opening sealed process notes when the last
 * proof is older than {@link #FRESH} (the second factor, or the password for an account without
 * one). A wrong answer counts towards the account's lockout like a failed sign-in.
 */
@Service
public class Reauthentication {

    /** How long a sign-in or a confirmation counts as fresh for the most sensitive pages. */
    public static final Duration FRESH = Duration.ofMinutes(15);

    static final String CONFIRMED_AT = "outgrow.confirmedAt";

    private final Accounts accounts;
    private final Logins logins;
    private final FieldCipher cipher;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Reauthentication(Accounts accounts, Logins logins, FieldCipher cipher, ApplicationEventPublisher events,
                     Clock clock) {
        this.accounts = accounts;
        this.logins = logins;
        this.cipher = cipher;
        this.events = events;
        this.clock = clock;
    }

    public boolean confirmPassword(OutgrowUser user, String password) {
        boolean confirmed = accounts.summary(user.accountId())
                .map(account -> logins.attempt(account.email(), password))
                .map(result -> result instanceof Logins.Result.Success success
                        && success.account().id().equals(user.accountId()))
                .orElse(false);
        audit(user, confirmed);
        return confirmed;
    }

    /** Whether the session's sign-in, or its last confirmation, is younger than {@link #FRESH}. */
    public boolean fresh(HttpSession session) {
        Instant since = latest((Instant) session.getAttribute(SignInSessions.SIGNED_IN_AT),
                (Instant) session.getAttribute(CONFIRMED_AT));
        return since != null && clock.instant().isBefore(since.plus(FRESH));
    }

    /** Whether this person confirms with an authenticator code (otherwise with their password). */
    @Transactional(readOnly = true)
    public boolean usesCode(OutgrowUser user) {
        return accounts.byId(user.accountId()).map(account -> account.totpSecret() != null).orElse(false);
    }

    /** Checks the code (or password) and, when right, makes the session fresh again. */
    @Transactional
    public boolean confirm(OutgrowUser user, String answer, HttpSession session) {
        Optional<Account> found = accounts.byId(user.accountId());
        boolean confirmed;
        if (found.isPresent() && found.get().totpSecret() != null) {
            Account account = found.get();
            String secret = cipher.decrypt(account.totpSecret(), Accounts.totpAssociatedData(account.id()));
            OptionalLong step = account.locked(clock.instant()) ? OptionalLong.empty()
                    : Totp.verify(secret, answer, clock.instant());
            confirmed = step.isPresent() && accounts.acceptTotpStep(account.id(), step.getAsLong());
            if (!confirmed) {
                logins.secondFactorFailed(account.id());
            }
        } else {
            return confirmPasswordAndMark(user, answer, session);
        }
        audit(user, confirmed);
        if (confirmed) {
            session.setAttribute(CONFIRMED_AT, clock.instant());
        }
        return confirmed;
    }

    private boolean confirmPasswordAndMark(OutgrowUser user, String password, HttpSession session) {
        boolean confirmed = confirmPassword(user, password);
        if (confirmed) {
            session.setAttribute(CONFIRMED_AT, clock.instant());
        }
        return confirmed;
    }

    private void audit(OutgrowUser user, boolean confirmed) {
        events.publishEvent(AuditEvent.security("REAUTHENTICATION",
                confirmed ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, user.accountId(),
                user.practiceId()));
    }

    private static Instant latest(Instant first, Instant second) {
        return first == null ? second : second == null ? first : first.isAfter(second) ? first : second;
    }
}
