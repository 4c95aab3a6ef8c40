package org.outgrow.identity;

import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Asking someone already signed in for their password again before a sensitive step, such as
 * taking the device back from a client after in-room answering. A wrong password counts towards
 * the account's lockout like a failed sign-in.
 */
@Service
public class Reauthentication {

    private final Accounts accounts;
    private final Logins logins;
    private final ApplicationEventPublisher events;

    Reauthentication(Accounts accounts, Logins logins, ApplicationEventPublisher events) {
        this.accounts = accounts;
        this.logins = logins;
        this.events = events;
    }

    public boolean confirmPassword(OutgrowUser user, String password) {
        boolean confirmed = accounts.summary(user.accountId())
                .map(account -> logins.attempt(account.email(), password))
                .map(result -> result instanceof Logins.Result.Success success
                        && success.account().id().equals(user.accountId()))
                .orElse(false);
        events.publishEvent(AuditEvent.security("REAUTHENTICATION",
                confirmed ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, user.accountId(),
                user.practiceId()));
        return confirmed;
    }
}
