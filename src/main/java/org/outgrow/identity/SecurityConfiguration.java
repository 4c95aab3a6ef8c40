package org.outgrow.identity;

import java.io.IOException;
import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.web.StaticResources;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.HeaderWriterLogoutHandler;
import org.springframework.security.web.header.writers.ClearSiteDataHeaderWriter;
import org.springframework.security.web.header.writers.CrossOriginOpenerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Who may reach what. Public: sign-in pages, invitation links, static assets, health. Half
 * signed in (password without the second factor): only the second-factor pages. Everything else
 * needs a full sign-in, and each handler states its own rule with {@code @PreAuthorize}; a test
 * fails the build for any handler without one. The FHIR API under {@code /fhir} has a chain of
 * its own: bearer tokens, no sessions.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    /**
     * The FHIR API: stateless, bearer tokens only (no cookies, so no CSRF), refusals as
     * OperationOutcomes. Only the capability statement is public, as FHIR clients expect.
     */
    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AddressThrottle throttle,
                            ApplicationEventPublisher events) throws Exception {
        http.securityMatcher("/fhir/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.GET, "/fhir/r4/metadata").permitAll()
                        .anyRequest().authenticated())
                .addFilterBefore(new ApiBearerFilter(tokens, throttle, events), AnonymousAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint((request, response, failure) -> ApiResponses.unauthorized(response,
                                "This request needs an API token: Authorization: Bearer og_..."))
                        .accessDeniedHandler((request, response, denied) -> {
                            events.publishEvent(AuditEvent.denied("request",
                                    request.getMethod() + " " + request.getRequestURI()));
                            ApiResponses.refuse(response, HttpServletResponse.SC_FORBIDDEN, "forbidden",
                                    "The API token does not have the scope this request needs.");
                        }))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                                .maxAgeInSeconds(31_536_000).requestMatcher(AnyRequestMatcher.INSTANCE))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        // The same headers as the pages, so a browser opening an API address gets them too.
                        .crossOriginOpenerPolicy(coop -> coop.policy(
                                CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http, SignInSessions sessions, ApplicationEventPublisher events,
                            Accounts accounts, TenantTransactions tenantTransactions, Clock clock) throws Exception {
        // PasswordAuthenticationProvider is a bean, so it is the global authentication manager's only
        // provider. Registering it here as well would run it twice per failed attempt.
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers(StaticResources.patterns()).permitAll()
                        .requestMatchers("/favicon.ico", "/error").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .requestMatchers("/login", "/login/link", "/login/link/**", "/invitations/**").permitAll()
                        // Calendar apps cannot sign in: the secret in the address is the key.
                        .requestMatchers("/feeds/*.ics").permitAll()
                        // A questionnaire link e-mailed to a client: the single-use secret is the key.
                        .requestMatchers("/q/**").permitAll()
                        // A practice's public profile, for people deciding whether to come.
                        .requestMatchers("/p/*").permitAll()
                        .requestMatchers("/login/second-factor", "/login/second-factor/**")
                        .hasAuthority(SignInSessions.MFA_PENDING)
                        .anyRequest().hasAnyRole("CLIENT", "THERAPIST", "SUPERVISOR", "ADMIN"))
                .formLogin(form -> form.loginPage("/login").loginProcessingUrl("/login")
                        .usernameParameter("email").passwordParameter("password")
                        .successHandler(successHandler(sessions)).failureHandler(failureHandler()))
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut")
                        .addLogoutHandler(new HeaderWriterLogoutHandler(new ClearSiteDataHeaderWriter(
                                ClearSiteDataHeaderWriter.Directive.CACHE, ClearSiteDataHeaderWriter.Directive.COOKIES,
                                ClearSiteDataHeaderWriter.Directive.STORAGE))))
                .requestCache(cache -> cache.disable())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(accessDeniedHandler(events)))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .httpStrictTransportSecurity(hsts -> hsts.includeSubDomains(true)
                                .maxAgeInSeconds(31_536_000).requestMatcher(AnyRequestMatcher.INSTANCE))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny())
                        .crossOriginOpenerPolicy(coop -> coop.policy(
                                CrossOriginOpenerPolicyHeaderWriter.CrossOriginOpenerPolicy.SAME_ORIGIN)));
        // Session limits and the tenancy of the request, once the person is known; API requests have their own.
        http.addFilterAfter(new SignedInSessionFilter(sessions, accounts, tenantTransactions, clock),
                AuthorizationFilter.class);
        return http.build();
    }

    private static AuthenticationSuccessHandler successHandler(SignInSessions sessions) {
        return (request, response, authentication) -> {
            request.getSession().removeAttribute(LoginController.TYPED_EMAIL);
            sessions.start(request, (OutgrowUser) authentication.getPrincipal());
            if (!halfSignedIn(authentication)) {
                sessions.rememberLanguage(request, (OutgrowUser) authentication.getPrincipal());
            }
            response.sendRedirect(halfSignedIn(authentication) ? "/login/second-factor" : "/");
        };
    }

    /** Back to the form with the address kept, and one message for every kind of failure. */
    private static AuthenticationFailureHandler failureHandler() {
        return (request, response, exception) -> {
            String email = request.getParameter("email");
            request.getSession().setAttribute(LoginController.TYPED_EMAIL, email == null ? "" : email.strip());
            response.sendRedirect("/login?error");
        };
    }

    /** Denials are audited; a half-signed-in person is sent on to the second factor instead. */
    private static AccessDeniedHandler accessDeniedHandler(ApplicationEventPublisher events) {
        AccessDeniedHandlerImpl plain = new AccessDeniedHandlerImpl();
        return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && halfSignedIn(authentication)) {
                response.sendRedirect("/login/second-factor");
                return;
            }
            events.publishEvent(AuditEvent.denied("request", request.getMethod() + " " + request.getRequestURI()));
            try {
                plain.handle(request, response, denied);
            } catch (IOException e) {
                throw e;
            }
        };
    }

    static boolean halfSignedIn(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .anyMatch(authority -> SignInSessions.MFA_PENDING.equals(authority.getAuthority()));
    }
}
