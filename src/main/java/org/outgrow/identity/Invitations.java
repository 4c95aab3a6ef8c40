package org.outgrow.identity;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.mail.Mail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invitations by e-mail: an account is created without a password and its owner sets one through
 * a single-use link valid for seven days.
 */
@Service
public class Invitations {

    static final Duration VALID_FOR = Duration.ofDays(7);

    private final Accounts accounts;
    private final OneTimeTokens tokens;
    private final Mail mail;
    private final MessageSource messages;
    private final PasswordEncoder passwords;
    private final PasswordPolicy policy;
    private final ApplicationEventPublisher events;
    private final TenantTransactions tenantTransactions;
    private final String baseUrl;

    Invitations(Accounts accounts, OneTimeTokens tokens, Mail mail, MessageSource messages, PasswordEncoder passwords,
                PasswordPolicy policy, ApplicationEventPublisher events, TenantTransactions tenantTransactions,
                @Value("${outgrow.base-url}") String baseUrl) {
        this.tenantTransactions = tenantTransactions;
        this.accounts = accounts;
        this.tokens = tokens;
        this.mail = mail;
        this.messages = messages;
        this.passwords = passwords;
        this.policy = policy;
        this.events = events;
        this.baseUrl = baseUrl;
    }

    /** The new account and the link sent to it (printed by the create-admin command, otherwise only mailed). */
    public record Invitation(UUID accountId, String link) {
    }

    /** An invitation seen from its link, before it is accepted. */
    public record Pending(String displayName, boolean staff) {
    }

    @Transactional
    public Invitation invite(String email, String displayName, Set<Role> roles, String practiceName) {
        UUID account = accounts.create(email, displayName, roles, false, null);
        Invitation invitation = send(account, email, displayName, practiceName);
        events.publishEvent(AuditEvent.write("ACCOUNT_INVITED", "account", account, null));
        return invitation;
    }

    /** Sends a fresh link to an account that has not set a password yet; earlier links stop working. */
    @Transactional
    public Optional<Invitation> resend(UUID accountId, String practiceName) {
        return accounts.byId(accountId).filter(account -> account.passwordHash() == null).map(account -> {
            tokens.withdraw(account.id(), OneTimeTokens.Purpose.INVITATION);
            return send(account.id(), account.email(), account.displayName(), practiceName);
        });
    }

    private Invitation send(UUID account, String email, String displayName, String practiceName) {
        String token = tokens.issue(account, OneTimeTokens.Purpose.INVITATION, VALID_FOR);
        String link = baseUrl + "/invitations/" + token;
        Locale locale = LocaleContextHolder.getLocale();
        mail.queue(Accounts.normalizeEmail(email),
                messages.getMessage("mail.invitation.subject", new Object[] {practiceName}, locale),
                messages.getMessage("mail.invitation.body", new Object[] {displayName, practiceName, link}, locale));
        return new Invitation(account, link);
    }

    public Optional<Pending> pending(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        return tenantTransactions.call(Tenancy.Context.lookingUpToken(Tokens.hash(token)), () -> tokens
                .peek(token, OneTimeTokens.Purpose.INVITATION)
                .flatMap(accounts::byId)
                .map(account -> new Pending(account.displayName(), account.roles().stream().anyMatch(Role::staff))));
    }

    /** The outcome of accepting: a message key for the password field, or done. */
    public sealed interface Acceptance {
        record Accepted() implements Acceptance {
        }

        record PasswordProblem(String messageKey) implements Acceptance {
        }

        record LinkNotValid() implements Acceptance {
        }
    }

    /** Spends the token and sets the password in one transaction: either both happen or neither. */
    public Acceptance accept(String token, String password, String confirmation) {
        if (!Tokens.wellFormed(token)) {
            return new Acceptance.LinkNotValid();
        }
        return tenantTransactions.call(Tenancy.Context.lookingUpToken(Tokens.hash(token)),
                () -> acceptInContext(token, password, confirmation));
    }

    private Acceptance acceptInContext(String token, String password, String confirmation) {
        Optional<Account> account = tokens.peek(token, OneTimeTokens.Purpose.INVITATION).flatMap(accounts::byId);
        if (account.isEmpty()) {
            return new Acceptance.LinkNotValid();
        }
        // Staff enrol their second factor only after this, so nobody has one yet: 15 characters for all.
        boolean secondFactor = account.get().totpSecret() != null;
        @Nullable String problem = policy.problem(password, secondFactor).orElse(null);
        if (problem == null && !password.equals(confirmation)) {
            problem = "password.mismatch";
        }
        if (problem != null) {
            return new Acceptance.PasswordProblem(problem);
        }
        if (tokens.spend(token, OneTimeTokens.Purpose.INVITATION).isEmpty()) {
            return new Acceptance.LinkNotValid();
        }
        accounts.setPassword(account.get().id(), passwords.encode(password));
        events.publishEvent(AuditEvent.security("INVITATION_ACCEPTED", AuditEvent.Outcome.SUCCESS,
                account.get().id(), account.get().practice()));
        return new Acceptance.Accepted();
    }
}
