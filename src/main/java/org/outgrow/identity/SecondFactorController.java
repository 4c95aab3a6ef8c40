package org.outgrow.identity;

import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.crypto.FieldCipher;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The second step of a staff sign-in: a code from an authenticator app (TOTP). Staff without one
 * set it up here on their first sign-in. Wrong codes count towards the account lockout; a right
 * one clears it.
 */
@Controller
@PreAuthorize("hasAuthority('MFA_PENDING')")
class SecondFactorController {

    static final String PENDING_SECRET = "outgrow.pendingTotpSecret";

    private final Accounts accounts;
    private final Logins logins;
    private final FieldCipher cipher;
    private final SignInSessions sessions;
    private final TenantTransactions tenantTransactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SecondFactorController(Accounts accounts, Logins logins, FieldCipher cipher, SignInSessions sessions,
                           TenantTransactions tenantTransactions, ApplicationEventPublisher events, Clock clock) {
        this.accounts = accounts;
        this.logins = logins;
        this.cipher = cipher;
        this.sessions = sessions;
        this.tenantTransactions = tenantTransactions;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/login/second-factor")
    String codeForm(Authentication authentication) {
        return account(authentication).totpSecret() == null ? "redirect:/login/second-factor/setup"
                : "identity/second-factor";
    }

    @PostMapping("/login/second-factor")
    String verify(@RequestParam(defaultValue = "") String code, Authentication authentication,
                  HttpServletRequest request, HttpServletResponse response, Model model) {
        Account account = account(authentication);
        if (account.totpSecret() == null) {
            return "redirect:/login/second-factor/setup";
        }
        String secret = cipher.decrypt(account.totpSecret(), Accounts.totpAssociatedData(account.id()));
        // A password lock holds the code back, except after an e-mailed link: that is the owner's
        // way in during a lock, and there one wrong code ends the attempt (the lock only grows).
        boolean held = account.locked(clock.instant()) && !SignInSessions.firstStepByLink(request.getSession());
        OptionalLong step = held ? OptionalLong.empty() : Totp.verify(secret, code, clock.instant());
        boolean accepted = step.isPresent() && inContext(account, () -> accounts.acceptTotpStep(account.id(),
                step.getAsLong()));
        if (!accepted) {
            return failed(account, request, model, "identity/second-factor");
        }
        events.publishEvent(AuditEvent.security("LOGIN", AuditEvent.Outcome.SUCCESS, account.id(), account.practice()));
        sessions.signIn(request, response, account.user());
        return "redirect:/";
    }

    @GetMapping("/login/second-factor/setup")
    String setupForm(Authentication authentication, HttpSession session, Model model) {
        Account account = account(authentication);
        if (account.totpSecret() != null) {
            return "redirect:/login/second-factor";
        }
        return setupPage(account, session, model);
    }

    @PostMapping("/login/second-factor/setup")
    String setup(@RequestParam(defaultValue = "") String code, Authentication authentication, HttpSession session,
                 HttpServletRequest request, HttpServletResponse response, Model model) {
        Account account = account(authentication);
        String secret = (String) session.getAttribute(PENDING_SECRET);
        if (account.totpSecret() != null || secret == null) {
            return "redirect:/login/second-factor";
        }
        OptionalLong step = Totp.verify(secret, code, clock.instant());
        if (step.isEmpty()) {
            model.addAttribute("codeError", "secondFactor.codeWrong");
            return setupPage(account, session, model);
        }
        inContext(account, () -> {
            accounts.setTotpSecret(account.id(), cipher.encrypt(secret, Accounts.totpAssociatedData(account.id())),
                    step.getAsLong());
            return true;
        });
        session.removeAttribute(PENDING_SECRET);
        events.publishEvent(AuditEvent.security("SECOND_FACTOR_ENROLLED", AuditEvent.Outcome.SUCCESS, account.id(),
                account.practice()));
        sessions.signIn(request, response, account.user());
        return "redirect:/";
    }

    private String setupPage(Account account, HttpSession session, Model model) {
        String secret = Optional.ofNullable((String) session.getAttribute(PENDING_SECRET)).orElseGet(() -> {
            String fresh = Totp.newSecret();
            session.setAttribute(PENDING_SECRET, fresh);
            return fresh;
        });
        model.addAttribute("secret", secret.replaceAll("(.{4})", "$1 ").strip());
        model.addAttribute("otpauthUri", Totp.uri("Outgrow", account.email(), secret));
        return "identity/second-factor-setup";
    }

    private String failed(Account account, HttpServletRequest request, Model model, String view) {
        boolean locked = inContext(account, () -> logins.secondFactorFailed(account.id()));
        events.publishEvent(AuditEvent.security("LOGIN_SECOND_FACTOR", AuditEvent.Outcome.FAILURE, account.id(),
                account.practice()));
        if (locked) {
            request.getSession().invalidate();
            SecurityContextHolder.clearContext();
            return "redirect:/login?error";
        }
        model.addAttribute("codeError", "secondFactor.codeWrong");
        return view;
    }

    private Account account(Authentication authentication) {
        OutgrowUser user = (OutgrowUser) authentication.getPrincipal();
        return tenantTransactions.call(Tenancy.Context.of(user.practiceId(), user.accountId()),
                () -> accounts.byId(user.accountId())).orElseThrow();
    }

    private <T> T inContext(Account account, java.util.function.Supplier<T> work) {
        return tenantTransactions.call(Tenancy.Context.of(account.practice(), account.id()),
                () -> work.get());
    }
}
