package org.outgrow.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How passwords are hashed, for the web application and the operator commands alike. */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    /**
     * Argon2id, OWASP's first choice, with its recommended floor stated explicitly rather than
     * Spring's defaults: 19 MiB of memory, 2 iterations, 1 lane, 16-byte salt, 32-byte hash.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Argon2PasswordEncoder(16, 32, 1, 19_456, 2);
    }
}
