package org.outgrow.shared.db;

/** A PostgreSQL server run by the operator, named by {@code OUTGROW_DATABASE_URL}. */
record ExternalDatabaseServer(String jdbcUrl, String ownerUser, String ownerPassword,
                              String appUser, String appPassword) implements DatabaseServer {

    static ExternalDatabaseServer from(DatabaseProperties properties) {
        if (properties.user() == null || properties.appUser() == null) {
            throw new IllegalStateException("""
                    OUTGROW_DATABASE_URL is set, so Outgrow uses that PostgreSQL server. It also needs
                    OUTGROW_DATABASE_USER / OUTGROW_DATABASE_PASSWORD (the role that owns the schema and runs
                    migrations) and OUTGROW_DATABASE_APP_USER / OUTGROW_DATABASE_APP_PASSWORD (a role that owns
                    nothing; the application serves requests as it). See README.md, "External PostgreSQL".""");
        }
        return new ExternalDatabaseServer(properties.url(), properties.user(), nullToEmpty(properties.password()),
                Roles.requireIdentifier(properties.appUser()), nullToEmpty(properties.appPassword()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
