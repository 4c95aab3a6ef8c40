package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** What the log says of a failure: types, frames and the database's code, never a message. */
class SafeLogTest {

    @Test
    void namesTheTypesAndTheDatabasesCodeButNoMessage() {
        SQLException full = new SQLException("could not extend file \"base/16384/16400\" for client 'Robin Hale'",
                "53100");
        String described = SafeLog.describe(new IllegalStateException("while storing Robin Hale's answers",
                new RuntimeException("wrapped", full)));
        assertThat(described).startsWith("java.lang.IllegalStateException")
                .contains("caused by java.lang.RuntimeException")
                .contains("caused by java.sql.SQLException (SQLState 53100)")
                .doesNotContain("Robin").doesNotContain("extend").doesNotContain("wrapped");
        assertThat(SafeLog.describe(new SQLException("reason", "5\n3'x"))).as("a code is only letters and digits")
                .contains("(SQLState 5?3??)").doesNotContain("\n3");
    }
}
