package org.outgrow.shared.db;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} the application runs its own PostgreSQL under
 * {@code home}; with one it uses that server, migrating as {@code user} (the owner of the schema)
 * and serving requests as {@code appUser}, a role that owns nothing and is bound by row-level
 * security. {@code poolSize} connections at most (10), each waited for {@code connectionTimeout}
 * at most (10 s) before the request answers 503.
 */
@ConfigurationProperties("outgrow.database")
public record DatabaseProperties(@Nullable String url, @Nullable String user, @Nullable String password,
                                 @Nullable String appUser, @Nullable String appPassword,
                                 @Nullable Integer poolSize, @Nullable Duration connectionTimeout) {

    public boolean external() {
        return url != null && !url.isBlank();
    }

    int pool() {
        return poolSize == null ? 10 : poolSize;
    }

    Duration connectionWait() {
        return connectionTimeout == null ? Duration.ofSeconds(10) : connectionTimeout;
    }

    static Path embeddedDataDirectory(Path home) {
        return home.resolve("postgres");
    }
}
