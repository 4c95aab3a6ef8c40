package org.outgrow.identity;

import java.util.Optional;

import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Password sign-in. Staff who must present a second factor come out of here only half signed in
 * ({@code MFA_PENDING}), which opens nothing but the second-factor pages. Every failure, whatever
 * its cause, is the same {@link BadCredentialsException} and the same message to the person.
 */
@Component
class PasswordAuthenticationProvider implements AuthenticationProvider {

    private final Logins logins;
    private final AddressThrottle throttle;
    private final ApplicationEventPublisher events;

    PasswordAuthenticationProvider(Logins logins, AddressThrottle throttle, ApplicationEventPublisher events) {
        this.logins = logins;
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = Accounts.normalizeEmail(authentication.getName());
        String password = String.valueOf(authentication.getCredentials());
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "unknown";
        Logins.Result result = throttle.tryAcquire(address)
                ? Tenancy.call(Tenancy.Context.lookingUpEmail(email), () -> logins.attempt(email, password))
                : new Logins.Result.Failure(Optional.empty());
        return switch (result) {
            case Logins.Result.Success success -> {
                Account account = success.account();
                events.publishEvent(AuditEvent.security(account.needsSecondFactor() ? "LOGIN_PASSWORD" : "LOGIN",
                        AuditEvent.Outcome.SUCCESS, account.id(), account.practice()));
                yield account.needsSecondFactor() ? SignInSessions.awaitingSecondFactor(account.user())
                        : SignInSessions.fullyAuthenticated(account.user());
            }
            case Logins.Result.Failure failure -> {
                events.publishEvent(AuditEvent.security("LOGIN", AuditEvent.Outcome.FAILURE,
                        failure.account().map(Account::id).orElse(null),
                        failure.account().map(Account::practice).orElse(null)));
                throw new BadCredentialsException("Sign-in failed");
            }
        };
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
