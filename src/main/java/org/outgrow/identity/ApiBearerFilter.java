package org.outgrow.identity;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests by {@code Authorization: Bearer og_…}. A request without the header
 * goes on anonymous (the capability statement is public); a token that is unknown, expired,
 * revoked or whose owner is no longer an active therapist is refused at once, audited, and counts
 * against the address's sign-in allowance (only refusals count, so a busy client is never slowed). Not a bean, so it runs only in the API's filter chain.
 */
final class ApiBearerFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final AddressThrottle throttle;
    private final ApplicationEventPublisher events;

    ApiBearerFilter(ApiTokens tokens, AddressThrottle throttle, ApplicationEventPublisher events) {
        this.tokens = tokens;
        this.throttle = throttle;
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        Optional<ApiTokens.Bearer> bearer = header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? tokens.authenticate(header.substring(7).strip()) : Optional.empty();
        if (bearer.isEmpty()) {
            events.publishEvent(AuditEvent.security("API_TOKEN_REFUSED", AuditEvent.Outcome.DENIED, null, null));
            if (!throttle.tryAcquire(request.getRemoteAddr())) {
                ApiResponses.refuse(response, 429, "throttled", "Too many refused tokens from this address; try later.");
                return;
            }
            ApiResponses.unauthorized(response, "The API token is unknown, expired or revoked.");
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiTokenAuthentication(bearer.get()));
        SecurityContextHolder.setContext(context);
        OutgrowUser owner = bearer.get().owner();
        try {
            Tenancy.call(Tenancy.Context.of(owner.practiceId(), owner.accountId()), () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new Failure(e);
                }
                return null;
            });
        } catch (Failure failure) {
            if (failure.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failure.getCause();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private static final class Failure extends RuntimeException {
        Failure(Exception cause) {
            super(cause);
        }
    }
}
