package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Which failures the error page reports as "the database cannot be reached" (503) rather than a fault (500). */
class DatabaseUnreachableTest {

    @Test
    void aPoolTimeoutAServerShutdownOrALostConnectionIsUnreachable() {
        assertThat(ErrorPageController.databaseUnreachable(new ServletException(new CannotCreateTransactionException(
                "no connection", new SQLTransientConnectionException("outgrow - Connection is not available"))))).isTrue();
        assertThat(ErrorPageController.databaseUnreachable(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(ErrorPageController.databaseUnreachable(new SQLException("I/O error", "08006"))).isTrue();
    }

    @Test
    void aCommitOrRollbackThatFailsInJdbcHasLostItsConnection() {
        assertThat(ErrorPageController.databaseUnreachable(new ServletException(new TransactionSystemException(
                "Could not roll back", new SQLException("Connection is closed"))))).isTrue();
        TransactionSystemException notJdbc = new TransactionSystemException("no transaction",
                new IllegalStateException("bug"));
        assertThat(ErrorPageController.databaseUnreachable(notJdbc)).isFalse();
        notJdbc.initApplicationException(new DataAccessResourceFailureException("postmaster exit",
                new SQLException("terminating connection due to unexpected postmaster exit", "57P01")));
        assertThat(ErrorPageController.databaseUnreachable(notJdbc)).isTrue();
    }

    @Test
    void aFaultIsNot() {
        assertThat(ErrorPageController.databaseUnreachable(new DuplicateKeyException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(ErrorPageController.databaseUnreachable(new IllegalStateException("bug"))).isFalse();
    }
}
