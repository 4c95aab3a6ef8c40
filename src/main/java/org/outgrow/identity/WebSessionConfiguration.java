package org.outgrow.identity;

import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The session cookie and session ids, stated once: a host-only {@code __Host-} cookie, Secure,
 * HttpOnly and SameSite=Lax, carrying a 256-bit random id (Spring Session's default is a UUID
 * with 122 random bits). Browsers accept Secure cookies from http://localhost, so this holds in
 * development too. Attributes are written with PostgreSQL's upsert: two requests of one session
 * at the same moment (two tabs, htmx calls) that both add an attribute, such as the flash
 * message after a save, would otherwise collide on its key, and the second would get an error
 * page for a write it had already committed.
 */
@Configuration(proxyBeanMethods = false)
class WebSessionConfiguration {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Bean
    DefaultCookieSerializer cookieSerializer() {
        DefaultCookieSerializer serializer = new DefaultCookieSerializer();
        serializer.setCookieName("__Host-outgrow");
        serializer.setCookiePath("/");
        serializer.setUseSecureCookie(true);
        serializer.setUseHttpOnlyCookie(true);
        serializer.setSameSite("Lax");
        return serializer;
    }

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer attributeUpserts() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> longSessionIds() {
        return repository -> repository.setSessionIdGenerator(() -> {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        });
    }
}
