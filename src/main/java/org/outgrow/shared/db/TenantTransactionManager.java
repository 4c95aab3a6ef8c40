package org.outgrow.shared.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Starts every transaction by copying the thread's {@link Tenancy} into transaction-local
 * settings ({@code set_config(..., true)}), which the row-level security policies read. The
 * settings vanish at commit or rollback, so a pooled connection carries nothing to its next user.
 */
final class TenantTransactionManager extends JdbcTransactionManager {

    private static final String SET_CONTEXT = "select set_config('app.practice_id', ?, true),"
            + " set_config('app.account_id', ?, true), set_config('app.lookup_email', ?, true),"
            + " set_config('app.lookup_token', ?, true)";

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        Tenancy.Context context = Tenancy.current();
        try (PreparedStatement statement = connection.prepareStatement(SET_CONTEXT)) {
            statement.setString(1, text(context.practice()));
            statement.setString(2, text(context.account()));
            statement.setString(3, text(context.lookupEmail()));
            statement.setString(4, text(context.lookupToken()));
            statement.execute();
        }
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : Objects.toString(value);
    }
}
