package org.outgrow.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.outgrow.clients.Clients;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.shared.Ids;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/** The caseload costs three statements whatever its size, and puts the most urgent episode first. */
@OutgrowTest
class CaseloadTest {

    @Autowired
    TestPractice practices;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Clients clients;

    @Autowired
    InstrumentLibrary instruments;

    @Autowired
    Clock clock;

    @Autowired
    org.springframework.test.web.servlet.MockMvc mvc;

    @Test
    void aTherapistWithYearsOfPastClientsSeesFiftyOfThemAndHowManyMore() throws Exception {
        var people = practices.create();
        practices.inPractice(people, () -> clients.registerAll(java.util.stream.IntStream.range(0, 10_050)
                .mapToObj(i -> "Past Client " + i).toList(), people.therapist()));
        String page = org.outgrow.testing.Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD)
                .perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/caseload"))
                .getResponse().getContentAsString();
        assertThat(page).as("past the expression language's 10,000 operations, still a page")
                .contains("…and 10,001 more, listed under all your clients.");
        assertThat(java.util.regex.Pattern.compile("href=\"/clients/[0-9a-f-]{36}\"").matcher(page).results()
                .count()).as("the past clients listed").isEqualTo(CaseloadController.BETWEEN_SHOWN);
    }

    @Test
    void threeStatementsForTwoEpisodesAndForForty() {
        for (int size : new int[] {2, 40}) {
            var people = practices.create();
            String urgent = practices.inPractice(people, () -> seed(people, size));
            AtomicInteger statements = new AtomicInteger();
            Caseload counted = new Caseload(JdbcClient.create(counting(statements)), instruments, clock);
            List<Caseload.Row> rows = practices.inPractice(people, () -> {
                statements.set(0);
                return counted.of(people.therapist(), Locale.ENGLISH);
            });
            assertThat(statements).as("statements for %d episodes", size).hasValue(3);
            assertThat(rows.stream().filter(Caseload.Row::open)).hasSize(size);
            assertThat(rows.getFirst().clientName()).isEqualTo(urgent);
            assertThat(rows.getFirst().urgency()).isEqualTo(Caseload.Urgency.RISK);
            assertThat(rows.getFirst().measures()).singleElement().satisfies(measure -> {
                assertThat(measure.instrument()).isEqualTo("PHQ-9");
                assertThat(measure.total()).isEqualTo("8");
                assertThat(measure.change()).isEqualTo("RELIABLE_RECOVERY");
            });
            assertThat(rows.getFirst().goals()).singleElement()
                    .satisfies(goal -> assertThat(goal.latest()).isEqualTo(6));
        }
    }

    /** Episodes with two PHQ-9 answers each and a rated goal; the last one has an open risk alert. */
    private String seed(TestPractice.People people, int size) {
        UUID practice = people.practice().value();
        String urgent = null;
        for (int i = 0; i < size; i++) {
            String name = "Client " + String.format("%03d", i);
            UUID client = clients.register(name, null, people.therapist());
            UUID episode = Ids.next();
            Timestamp opened = Timestamp.from(clock.instant().minus(Duration.ofDays(60)));
            jdbc.sql("insert into episode (practice_id, id, client_id, therapist_id, state, opened_at)"
                            + " values (?, ?, ?, ?, 'ACTIVE', ?)")
                    .params(practice, episode, client, people.therapist(), opened).update();
            for (int total : new int[] {16, 8}) {
                phq9(practice, episode, client, total, total);
            }
            UUID focus = Ids.next();
            jdbc.sql("""
                    insert into change_focus (practice_id, id, episode_id, wording, written_by, author_id,
                        client_wants_change, therapy_can_help, status, created_at)
                    values (?, ?, ?, 'Say no at work', 'CLIENT', ?, 'YES', 'YES', 'AGREED', ?)""")
                    .params(practice, focus, episode, people.clientAccount(), opened).update();
            for (int rating : new int[] {2, 6}) {
                jdbc.sql("insert into goal_rating (practice_id, id, focus_id, rating, occasion, rated_at, rated_by)"
                                + " values (?, ?, ?, ?, ?, ?, ?)")
                        .params(practice, Ids.next(), focus, rating, rating == 2 ? "BASELINE" : "REVIEW",
                                Timestamp.from(clock.instant().minus(Duration.ofDays(10 - rating))),
                                people.clientAccount())
                        .update();
            }
            if (i == size - 1) {
                urgent = name;
                jdbc.sql("insert into alert (practice_id, id, episode_id, client_id, kind, owner_id, state, opened_at)"
                                + " values (?, ?, ?, ?, 'RISK', ?, 'OPEN', ?)")
                        .params(practice, Ids.next(), episode, client, people.therapist(), opened).update();
            }
        }
        return urgent;
    }

    /** A scored PHQ-9 answer given that many days ago; a total of 10 or more is caseness. */
    private void phq9(UUID practice, UUID episode, UUID client, int total, int daysAgo) {
        jdbc.sql("""
                insert into measure_response (practice_id, id, episode_id, client_id, submission_key,
                    instrument, instrument_version, answers, answered_at, session_number, source,
                    completeness, total, band, caseness, risk)
                values (?, ?, ?, ?, ?, 'phq-9', 1, '{}', ?, 0, 'PORTAL', 'COMPLETE', ?, 'mild', ?, 'NEGATIVE')""")
                .params(practice, Ids.next(), episode, client, Ids.next(),
                        Timestamp.from(clock.instant().minus(Duration.ofDays(daysAgo))), total, total >= 10)
                .update();
    }

    /** The application's connection of the current transaction, counting the statements prepared on it. */
    private DataSource counting(AtomicInteger statements) {
        return new DelegatingDataSource(new TransactionAwareDataSourceProxy(dataSource)) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                            if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                                statements.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, arguments);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }
}
