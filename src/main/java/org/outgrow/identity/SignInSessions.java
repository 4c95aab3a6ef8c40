package org.outgrow.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Starts and times signed-in sessions: idle limits of 15 minutes for staff and 30 for clients,
 * 12 hours at most for anyone, measured with the application {@link Clock}.
 */
@Component
class SignInSessions {

    static final String SIGNED_IN_AT = "outgrow.signedInAt";
    static final String LAST_SEEN = "outgrow.lastSeen";
    static final String MFA_PENDING = "MFA_PENDING";
    /** Marks a half-signed-in session whose first step was an e-mailed link rather than the password. */
    static final String FIRST_STEP_BY_LINK = "outgrow.firstStepByLink";

    private final Clock clock;
    private final Accounts accounts;
    private final TenantTransactions transactions;
    private final Duration staffIdle;
    private final Duration clientIdle;
    private final Duration absolute;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SignInSessions(Clock clock, Accounts accounts, TenantTransactions transactions,
                   @Value("${outgrow.session.staff-idle:15m}") Duration staffIdle,
                   @Value("${outgrow.session.client-idle:30m}") Duration clientIdle,
                   @Value("${outgrow.session.absolute:12h}") Duration absolute) {
        this.clock = clock;
        this.accounts = accounts;
        this.transactions = transactions;
        this.staffIdle = staffIdle;
        this.clientIdle = clientIdle;
        this.absolute = absolute;
    }

    static UsernamePasswordAuthenticationToken fullyAuthenticated(OutgrowUser user) {
        List<GrantedAuthority> authorities = user.roles().stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
    }

    static UsernamePasswordAuthenticationToken awaitingSecondFactor(OutgrowUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null,
                List.of(new SimpleGrantedAuthority(MFA_PENDING)));
    }

    /** Records the moment of sign-in on the session (after the session id has been renewed). */
    void start(HttpServletRequest request, OutgrowUser user) {
        HttpSession session = request.getSession();
        Instant now = clock.instant();
        session.setAttribute(SIGNED_IN_AT, now);
        session.setAttribute(LAST_SEEN, now);
        session.setMaxInactiveInterval((int) idleLimit(user).toSeconds());
    }

    /** Signs the person in fully: a new session id, the full authorities, the clock started. */
    void signIn(HttpServletRequest request, HttpServletResponse response, OutgrowUser user) {
        renew(request, response, fullyAuthenticated(user));
        request.getSession().removeAttribute(FIRST_STEP_BY_LINK);
        start(request, user);
        rememberLanguage(request, user);
    }

    /** The person is fully signed in: the language their browser asks for is theirs from now on. */
    void rememberLanguage(HttpServletRequest request, OutgrowUser user) {
        transactions.run(Tenancy.Context.of(user.practiceId(), user.accountId()),
                () -> accounts.rememberLanguage(user.accountId(), request.getLocale()));
    }

    /** Staff who opened an e-mailed link: a new session id, only the second-factor step open. */
    void halfSignInByLink(HttpServletRequest request, HttpServletResponse response, OutgrowUser user) {
        renew(request, response, awaitingSecondFactor(user));
        request.getSession().setAttribute(FIRST_STEP_BY_LINK, Boolean.TRUE);
        start(request, user);
    }

    static boolean firstStepByLink(HttpSession session) {
        return Boolean.TRUE.equals(session.getAttribute(FIRST_STEP_BY_LINK));
    }

    private void renew(HttpServletRequest request, HttpServletResponse response,
                       UsernamePasswordAuthenticationToken authentication) {
        request.getSession();
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
    }

    Duration idleLimit(OutgrowUser user) {
        return user.staff() ? staffIdle : clientIdle;
    }

    /** Whether the session has outlived its idle or absolute limit. */
    boolean expired(HttpSession session, OutgrowUser user, Instant now) {
        Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
        Instant lastSeen = (Instant) session.getAttribute(LAST_SEEN);
        if (signedInAt == null || lastSeen == null) {
            return true;
        }
        return !now.isBefore(lastSeen.plus(idleLimit(user))) || !now.isBefore(signedInAt.plus(absolute));
    }

    Instant signedInAt(HttpSession session) {
        return (Instant) session.getAttribute(SIGNED_IN_AT);
    }

    void touch(HttpSession session, Instant now) {
        session.setAttribute(LAST_SEEN, now);
    }
}
