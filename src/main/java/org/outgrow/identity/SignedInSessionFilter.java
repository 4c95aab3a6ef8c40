package org.outgrow.identity;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.web.Htmx;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The last filter of the web pages' security chain (not of the API's, whose requests carry no
 * session), on every request of a signed-in person. It ends sessions that have
 * been idle too long, lasted too long, or no longer match the account (disabled, roles changed,
 * signed out everywhere), checking the database each time so no stale authority survives. Then it
 * sets the tenancy context for the rest of the request.
 */
final class SignedInSessionFilter extends OncePerRequestFilter {

    private final SignInSessions sessions;
    private final Accounts accounts;
    private final TenantTransactions tenantTransactions;
    private final Clock clock;

    SignedInSessionFilter(SignInSessions sessions, Accounts accounts, TenantTransactions tenantTransactions,
                          Clock clock) {
        this.sessions = sessions;
        this.accounts = accounts;
        this.tenantTransactions = tenantTransactions;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof OutgrowUser user)) {
            chain.doFilter(request, response);
            return;
        }
        HttpSession session = request.getSession(false);
        Instant now = clock.instant();
        Tenancy.Context context = Tenancy.Context.of(user.practiceId(), user.accountId());
        if (session == null || sessions.expired(session, user, now)
                || !stillValid(user, sessions.signedInAt(session), SecurityConfiguration.halfSignedIn(authentication),
                context)) {
            end(request, response, session);
            return;
        }
        sessions.touch(session, now);
        try {
            Tenancy.run(context, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new FilterFailure(e);
                }
            });
        } catch (FilterFailure failure) {
            if (failure.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failure.getCause();
        }
    }

    private boolean stillValid(OutgrowUser user, Instant signedInAt, boolean halfSignedIn, Tenancy.Context context) {
        Optional<Account> account = tenantTransactions.call(context,
                () -> accounts.byId(user.accountId()));
        return account.filter(found -> !found.disabled())
                .filter(found -> !signedInAt.isBefore(found.sessionsValidAfter()))
                .filter(found -> halfSignedIn || found.roles().equals(user.roles()))
                .isPresent();
    }

    private static void end(HttpServletRequest request, HttpServletResponse response, HttpSession session)
            throws IOException {
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (Htmx.isRequest(request)) {
            response.setHeader("HX-Redirect", "/login?expired");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect("/login?expired");
        }
    }

    private static final class FilterFailure extends RuntimeException {
        FilterFailure(Exception cause) {
            super(cause);
        }
    }
}
