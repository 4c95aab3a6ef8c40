package org.outgrow.shared.db;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the data lives. With no {@code url} the application runs its own PostgreSQL under
 * {@code home}; with one it uses that server, migrating as {@code user} (the owner of the schema)
 * and serving requests as {@code appUser}, a role that owns nothing and is bound by row-level
 * security.
 */
@ConfigurationProperties("outgrow.database")
public record DatabaseProperties(@Nullable String url, @Nullable String user, @Nullable String password,
                                 @Nullable String appUser, @Nullable String appPassword,
                                 @Nullable Integer poolSize) {

    public boolean external() {
        return url != null && !url.isBlank();
    }

    int pool() {
        return poolSize == null ? 10 : poolSize;
    }

    static Path embeddedDataDirectory(Path home) {
        return home.resolve("postgres");
    }
}
