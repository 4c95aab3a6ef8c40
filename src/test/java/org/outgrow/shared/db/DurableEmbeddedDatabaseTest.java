package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The database runs durably: what is committed survives a crash or power loss. */
@OutgrowTest
class DurableEmbeddedDatabaseTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void fsyncSynchronousCommitAndFullPageWritesAreOn() {
        for (String setting : new String[] {"fsync", "synchronous_commit", "full_page_writes"}) {
            assertThat(jdbc.sql("select current_setting('" + setting + "')").query(String.class).single())
                    .as(setting).isEqualTo("on");
        }
    }
}
