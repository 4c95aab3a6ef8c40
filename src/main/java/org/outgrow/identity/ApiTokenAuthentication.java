package org.outgrow.identity;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by an API token: the principal is the token's owner, narrowed to the
 * therapist role, and the authorities are the token's scopes only. It lives for one request; no
 * session is created for it.
 */
final class ApiTokenAuthentication extends AbstractAuthenticationToken {

    private final ApiTokens.Bearer bearer;

    ApiTokenAuthentication(ApiTokens.Bearer bearer) {
        super(bearer.scopes().stream().map(scope -> new SimpleGrantedAuthority(scope.authority())).toList());
        this.bearer = bearer;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public OutgrowUser getPrincipal() {
        return bearer.owner();
    }
}
