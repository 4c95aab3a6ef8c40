package org.outgrow.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

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
 * Clients may sign in with a link e-mailed to them instead of a password. The link works once,
 * for 10 minutes. Asking for one always gets the same answer, whether or not the address is known.
 * Using one also clears a password lockout: it is the owner's way back in.
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
        account.filter(found -> found.roles().equals(java.util.Set.of(Role.CLIENT)) && !found.disabled()
                        && found.passwordHash() != null)
                .ifPresent(found -> tenantTransactions.run(Tenancy.Context.of(found.practice()), () -> {
                            tokens.withdraw(found.id(), OneTimeTokens.Purpose.LOGIN_LINK);
                            String link = baseUrl + "/login/link/" + tokens.issue(found.id(),
                                    OneTimeTokens.Purpose.LOGIN_LINK, VALID_FOR);
                            Locale locale = LocaleContextHolder.getLocale();
                            mail.queue(found.email(), messages.getMessage("mail.loginLink.subject", null, locale),
                                    messages.getMessage("mail.loginLink.body", new Object[] {found.displayName(), link},
                                            locale));
                            events.publishEvent(AuditEvent.security("LOGIN_LINK_SENT", AuditEvent.Outcome.SUCCESS,
                                    found.id(), found.practice()));
                        }));
    }

    /** Spends the link and returns the person it signs in, if it was live. */
    Optional<OutgrowUser> spend(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        Optional<Account> account = tenantTransactions.call(Tenancy.Context.lookingUpToken(Tokens.hash(token)),
                () -> tokens.spend(token, OneTimeTokens.Purpose.LOGIN_LINK)
                        .flatMap(spent -> accounts.byId(spent.accountId()))
                        .filter(found -> !found.disabled())
                        .map(found -> {
                            accounts.clearFailures(found.id());
                            return found;
                        }));
        account.ifPresent(found -> events.publishEvent(AuditEvent.security("LOGIN", AuditEvent.Outcome.SUCCESS,
                found.id(), found.practice())));
        return account.map(Account::user);
    }
}
