package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Ids;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An answer being stored holds its client's row, so a handover or an erasure request at that
 * moment (each updates the row) waits for it, and then moves or cancels what it raised, instead
 * of leaving its new alert with the previous therapist.
 */
@OutgrowTest
class AnswerHoldsClientTest {

    @Autowired
    TestPractice practices;

    @Autowired
    Submissions submissions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestClock clock;

    @Autowired
    DatabaseServer server;

    @Test
    void aPortalAnswerHoldsItsClientUntilItIsStored() {
        var people = practices.create();
        UUID request = practices.inPractice(people, () -> askForPhq9(people));
        List<Answer> answers = new InstrumentLibrary().find("phq-9").orElseThrow().items().stream()
                .map(item -> new Answer(item.id(), 1)).toList();

        boolean waitedDuring = practices.inPractice(people, () -> {
            Submissions.Outcome outcome = submissions.submit(request, Ids.next(), answers,
                    StoredResponse.Source.PORTAL, people.clientAccount());
            assertThat(outcome).isInstanceOf(Submissions.Outcome.Stored.class);
            return updateOfClientWouldWait(people);
        });

        assertThat(waitedDuring).as("a handover or erasure request waits while the answer is stored").isTrue();
        assertThat(updateOfClientWouldWait(people)).as("and not once it is").isFalse();
    }

    private UUID askForPhq9(TestPractice.People people) {
        UUID practice = people.practice().value();
        UUID episode = Ids.next();
        UUID request = Ids.next();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("insert into episode (practice_id, id, client_id, therapist_id, state, opened_at) values (?, ?, ?, ?, 'ACTIVE', ?)")
                .params(practice, episode, people.client(), people.therapist(), now).update();
        jdbc.sql("insert into measurement_consent (practice_id, id, client_id, given, recorded_at) values (?, ?, ?, true, ?)")
                .params(practice, Ids.next(), people.client(), now).update();
        jdbc.sql("""
                insert into measure_request (practice_id, id, episode_id, client_id, instrument, occasion, occasion_key,
                    state, created_at, due_at, expires_at)
                values (?, ?, ?, ?, 'phq-9', 'ASKED', 'test', 'OPEN', ?, ?, ?)""")
                .params(practice, request, episode, people.client(), now, now,
                        Timestamp.from(clock.instant().plus(Duration.ofDays(7))))
                .update();
        return request;
    }

    /** Whether an update of the client's row (a handover's, an erasure request's) would wait for another transaction. */
    private boolean updateOfClientWouldWait(TestPractice.People people) {
        try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword())) {
            owner.setAutoCommit(false);
            try (PreparedStatement context = owner.prepareStatement("select set_config('app.practice_id', ?, true)");
                 PreparedStatement lock = owner.prepareStatement(
                         "select id from client where practice_id = ? and id = ? for no key update nowait")) {
                context.setString(1, people.practice().toString());
                context.execute();
                lock.setObject(1, people.practice().value());
                lock.setObject(2, people.client());
                try (ResultSet found = lock.executeQuery()) {
                    assertThat(found.next()).as("the client is there to lock").isTrue();
                }
                return false;
            } catch (SQLException refused) {
                if ("55P03".equals(refused.getSQLState())) { // lock_not_available
                    return true;
                }
                throw refused;
            } finally {
                owner.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
