package org.outgrow.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checks a password against an account and keeps the lockout state. Every path hashes once, so
 * an unknown address, a locked account and a wrong password take the same time and give the same
 * answer. Runs in the e-mail look-up context set by the caller.
 */
@Service
class Logins {

    private final Accounts accounts;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final String dummyHash;

    Logins(Accounts accounts, PasswordEncoder passwords, Clock clock) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.clock = clock;
        this.dummyHash = passwords.encode("a password nobody has, hashed to spend the same time");
    }

    sealed interface Result {
        record Success(Account account) implements Result {
        }

        record Failure(Optional<Account> account) implements Result {
        }
    }

    @Transactional
    Result attempt(String email, String password) {
        Instant now = clock.instant();
        Optional<Account> found = accounts.byEmailForUpdate(email);
        if (found.isEmpty()) {
            passwords.matches(password, dummyHash);
            return new Result.Failure(Optional.empty());
        }
        Account account = found.get();
        String hash = account.passwordHash();
        boolean matches = passwords.matches(password, hash == null ? dummyHash : hash) && hash != null;
        if (account.disabled() || account.locked(now)) {
            return new Result.Failure(found);
        }
        if (!matches) {
            int failures = account.failedLogins() + 1;
            accounts.recordFailure(account.id(), failures, Account.lockAfter(failures, now));
            return new Result.Failure(found);
        }
        accounts.clearFailures(account.id());
        return new Result.Success(account);
    }

    /** A wrong second-factor code counts like a wrong password. Returns whether the account is now locked. */
    @Transactional
    boolean secondFactorFailed(java.util.UUID accountId) {
        Instant now = clock.instant();
        Account account = accounts.byId(accountId).orElseThrow();
        int failures = account.failedLogins() + 1;
        Instant lock = Account.lockAfter(failures, now);
        accounts.recordFailure(account.id(), failures, lock);
        return lock != null;
    }
}
