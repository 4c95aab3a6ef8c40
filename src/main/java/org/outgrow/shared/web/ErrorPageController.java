package org.outgrow.shared.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Every error ends here: a plain page with the status and a reference to quote, never a stack
 * trace, SQL or the data that was being handled. The log gets the exception's shape (types and
 * frames, not messages, which can carry values from the database).
 */
@Controller
class ErrorPageController implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorPageController.class);

    @RequestMapping("/error")
    String error(HttpServletRequest request, HttpServletResponse response, Model model) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : 404; // /error opened directly: nothing here
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (status == 500 && failure instanceof Throwable throwable && databaseUnreachable(throwable)) {
            // Not a fault in the page: say so, and when to try again, rather than "unexpected error".
            status = 503;
            response.setHeader("Retry-After", "30");
        }
        String reference = RequestIdFilter.of(request);
        if (failure instanceof Throwable throwable && status >= 500) {
            log.error("Request {} failed: {}", reference, SafeLog.describe(throwable));
        }
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("reference", reference);
        model.addAttribute("messageKey", switch (status) {
            case 400 -> "error.400";
            case 403 -> "error.403";
            case 404, 405 -> "error.404";
            case 429 -> "error.429";
            case 503 -> "error.503";
            default -> "error.500";
        });
        return "error";
    }

    /**
     * The database is down, restarting or out of connections: the pool timed out, or the driver
     * reports a connection failure (SQLSTATE class 08) or an operator intervention (57P01-57P03:
     * the server shutting down, crashed, or not yet accepting connections), which Spring calls a
 * resource failure.
     */
    static boolean databaseUnreachable(Throwable failure) {
        for (Throwable current = failure; current != null; current = current.getCause()) {
            if (current instanceof SQLTransientConnectionException
                    || current instanceof DataAccessResourceFailureException) {
                return true;
            }
            // A JDBC commit or rollback that fails has lost its connection (a failed rollback's
            // error replaces the one that counts, and the pool's closed connection has no SQLSTATE).
            if (current instanceof TransactionSystemException transaction
                    && (transaction.getCause() instanceof SQLException || (transaction.getApplicationException() != null
                    && databaseUnreachable(transaction.getApplicationException())))) {
                return true;
            }
            if (current instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
