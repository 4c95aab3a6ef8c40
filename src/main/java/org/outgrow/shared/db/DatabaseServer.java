package org.outgrow.shared.db;

/**
 * The PostgreSQL server the application talks to: how to reach it as the schema owner (for
 * migrations) and as the application role (for everything else).
 */
public interface DatabaseServer extends AutoCloseable {

    String jdbcUrl();

    String ownerUser();

    String ownerPassword();

    String appUser();

    String appPassword();

    @Override
    default void close() {
    }
}
