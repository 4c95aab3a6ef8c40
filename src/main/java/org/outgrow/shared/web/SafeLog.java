package org.outgrow.shared.web;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Describes an exception for the log without its messages. Messages from the database driver
 * quote the values of the failing row, and those may be clinical; types, frames and the
 * database's SQLState (a code such as 53100, disk full, or 57P01, server shut down) are enough
 * to find the fault.
 */
public final class SafeLog {

    private SafeLog() {
    }

    public static String describe(Throwable failure) {
        StringBuilder out = new StringBuilder();
        Throwable current = failure;
        int depth = 0;
        while (current != null && depth++ < 5) {
            out.append(depth == 1 ? "" : " caused by ").append(current.getClass().getName());
            if (current instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                out.append(" (SQLState ").append(sql.getSQLState().replaceAll("[^0-9A-Z]", "?")).append(')');
            }
            out.append(Arrays.stream(current.getStackTrace()).limit(8)
                    .map(frame -> "\n\tat " + frame).collect(Collectors.joining()));
            current = current.getCause();
        }
        return out.toString();
    }
}
