package org.outgrow.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.mail.Mail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;

/**
 * Clients, and staff who have set up a second factor, may sign in with a link e-mailed to them
 * instead of a password. The link works once, for 10 minutes. Asking for one always gets the same
 * answer, whether or not the address is known or may use a link. It is the owner's way back in
 * during a password lockout: a client's link clears the lock at once. For staff the link replaces
 * the password only: it leads to the second-factor step, which it lets through a lock (one wrong
 * code there ends the attempt), and the lock clears when the code is right. Staff get at most one
 * link per {@link #VALID_FOR}, so links do not multiply guesses at the code.
 */
@Service
class LoginLinks {

    static final Duration VALID_FOR = Duration.ofMinutes(10);

    private final Accounts accounts;
    private final OneTimeTokens tokens;
    private final Mail mail;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final TenantTransactions tenantTransactions;
    private final String baseUrl;

    LoginLinks(Accounts accounts, OneTimeTokens tokens, Mail mail, MessageSource messages,
               ApplicationEventPublisher events, TenantTransactions tenantTransactions,
               @Value("${outgrow.base-url}") String baseUrl) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.mail = mail;
        this.messages = messages;
        this.events = events;
        this.tenantTransactions = tenantTransactions;
        this.baseUrl = baseUrl;
    }

    void request(String email) {
        Tenancy.Context lookup = Tenancy.Context.lookingUpEmail(Accounts.normalizeEmail(email));
        Optional<Account> account = tenantTransactions.call(lookup, () -> accounts.byEmailForUpdate(email));
        account.filter(found -> !found.disabled() && found.passwordHash() != null && mayUseLink(found))
                .ifPresent(found -> tenantTransactions.run(Tenancy.Context.of(found.practice()), () -> {
                            if (found.needsSecondFactor() && tokens.issuedWithin(found.id(),
                                    OneTimeTokens.Purpose.LOGIN_LINK, VALID_FOR)) {
                                return;
                            }
                            tokens.withdraw(found.id(), OneTimeTokens.Purpose.LOGIN_LINK);
                            String link = baseUrl + "/login/link/" + tokens.issue(found.id(),
                                    OneTimeTokens.Purpose.LOGIN_LINK, VALID_FOR);
                            Locale locale = LocaleContextHolder.getLocale();
                            mail.queue(found.email(), messages.getMessage("mail.loginLink.subject", null, locale),
                                    messages.getMessage(found.needsSecondFactor() ? "mail.loginLink.staffBody"
                                            : "mail.loginLink.body", new Object[] {found.displayName(), link}, locale));
                            events.publishEvent(AuditEvent.security("LOGIN_LINK_SENT", AuditEvent.Outcome.SUCCESS,
                                    found.id(), found.practice()));
                        }));
    }

    /**
     * Clients, and staff whose second factor is set up (the link must never stand in for setting
     * one up). Staff without one, and demo staff exempt from it, keep to their password.
     */
    private static boolean mayUseLink(Account account) {
        return account.roles().equals(Set.of(Role.CLIENT))
                || account.needsSecondFactor() && account.totpSecret() != null;
    }

    /**
     * Spends the link and returns the account it signs in, if it was live. A client is signed in
     * by it and their lock cleared; staff have only passed the first step.
     */
    Optional<Account> spend(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        Optional<Account> account = tenantTransactions.call(Tenancy.Context.lookingUpToken(Tokens.hash(token)),
                () -> tokens.spend(token, OneTimeTokens.Purpose.LOGIN_LINK)
                        .flatMap(spent -> accounts.byId(spent.accountId()))
                        .filter(found -> !found.disabled() && mayUseLink(found))
                        .map(found -> {
                            if (!found.needsSecondFactor()) {
                                accounts.clearFailures(found.id());
                            }
                            return found;
                        }));
        account.ifPresent(found -> events.publishEvent(AuditEvent.security(
                found.needsSecondFactor() ? "LOGIN_LINK" : "LOGIN", AuditEvent.Outcome.SUCCESS,
                found.id(), found.practice())));
        return account;
    }
}
