package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Checklist T37's pool exhaustion: while every connection of the pool is taken, a signed-in
 * therapist's page and write answer a plain 503 within the pool's wait, showing no client and
 * no driver text; the write is not half done and the page is not shown without its session; once
 * the connections are back, the same requests work.
 */
@OutgrowTest
@TestPropertySource(properties = {"outgrow.database.pool-size=3", "outgrow.database.connection-timeout=500ms"})
class PoolExhaustionTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void withEveryConnectionTakenAPageAndAWriteAnswer503AndWorkOnceTheyAreBack() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        assertThat(therapist.perform(get("/clients")).getResponse().getContentAsString()).contains("Cleo Client");
        int episodes = episodes(people);
        assertThat(((HikariDataSource) dataSource).getMaximumPoolSize()).isEqualTo(3);

        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                held.add(dataSource.getConnection());
            }
            long started = System.nanoTime();
            MvcResult page = therapist.perform(get("/clients"));
            MvcResult write = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()));
            assertThat(System.nanoTime() - started).as("bounded by the pool's wait, not hanging")
                    .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
            for (MvcResult result : List.of(page, write)) {
                assertThat(result.getResponse().getStatus()).isEqualTo(503);
                assertThat(result.getResponse().getHeader("Retry-After")).isEqualTo("30");
                assertThat(result.getResponse().getRedirectedUrl()).as("not sent on, e.g. to a page").isNull();
                assertThat(result.getResponse().getContentAsString())
                        .contains("Outgrow cannot reach its database right now")
                        .doesNotContain("Cleo Client", "Theo Therapist", "Exception", "SQL", "Hikari", "HikariPool",
                                "Connection is not available", "postgres", "jdbc");
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }

        assertThat(episodes(people)).as("nothing of the refused write was committed").isEqualTo(episodes);
        assertThat(therapist.perform(get("/clients")).getResponse().getContentAsString())
                .as("the same session works again").contains("Cleo Client");
        assertThat(therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf())).getResponse()
                .getRedirectedUrl()).startsWith("/episodes/");
        assertThat(episodes(people)).isEqualTo(episodes + 1);
    }

    private int episodes(TestPractice.People people) {
        return practices.inPractice(people, () -> jdbc.sql("select count(*) from episode").query(Integer.class)
                .single());
    }
}
