package org.outgrow.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit log records who did what, cannot be changed by the application, and shows tampering. */
@OutgrowTest
class AuditLogTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AuditVerification verification;

    @Autowired
    DatabaseServer server;

    @Test
    void signInsReadsAndRefusalsAreRecordedWithActorAddressAndRequest() throws Exception {
        var people = practices.create();
        new Visitor(mvc).signIn(people.therapistEmail(), "wrong password");
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        therapist.perform(get("/clients/" + people.client()));
        therapist.perform(get("/clients/" + people.otherClient()));
        therapist.perform(get("/admin"));

        List<String> events = inPractice(people, () -> jdbc.sql("""
                select action || ' ' || outcome || ' ' || coalesce(subject_client_id::text, '-')
                from audit_event where actor_account_id = ? order by seq""")
                .param(people.therapist()).query(String.class).list());
        assertThat(events).containsExactly(
                "LOGIN FAILURE -",
                "LOGIN SUCCESS -",
                "CLIENT_VIEWED SUCCESS " + people.client(),
                "ACCESS_DENIED DENIED -",
                "ACCESS_DENIED DENIED -");
        Integer withContext = inPractice(people, () -> jdbc.sql("""
                select count(*) from audit_event where actor_account_id = ? and address is not null
                and request_id is not null""")
                .param(people.therapist()).query(Integer.class).single());
        assertThat(withContext).isEqualTo(5);
        Integer withRole = inPractice(people, () -> jdbc.sql(
                        "select count(*) from audit_event where actor_account_id = ? and actor_role = 'THERAPIST'")
                .param(people.therapist()).query(Integer.class).single());
        assertThat(withRole).as("events while the therapist was signed in").isEqualTo(3);
    }

    @Test
    void theApplicationRoleCannotChangeOrDeleteAuditRows() {
        var people = practices.create();
        Visitor.signInQuietly(mvc, people.adminEmail());
        for (String statement : List.of("update audit_event set action = 'NOTHING'", "delete from audit_event",
                "truncate audit_event")) {
            assertThatThrownBy(() -> inPractice(people, () -> jdbc.sql(statement).update()))
                    .as(statement).rootCause().hasMessageContaining("permission denied");
        }
    }

    @Test
    void verificationNamesTheFirstRowChangedBehindTheApplicationsBack() throws Exception {
        var people = practices.create();
        for (int i = 0; i < 3; i++) {
            Visitor.signInQuietly(mvc, people.adminEmail());
        }
        assertThat(verification.verifyAll().broken()).isEmpty();

        List<Long> rows = inPractice(people, () -> jdbc.sql("select seq from audit_event order by seq")
                .query(Long.class).list());
        long tampered = rows.get(1);
        String original = inPractice(people, () -> jdbc.sql("select action from audit_event where seq = ?")
                .param(tampered).query(String.class).single());
        asOwner(people, tampered, "LOGIN_NEVER_HAPPENED");
        List<AuditVerification.Broken> broken = verification.verifyAll().broken();
        assertThat(broken).singleElement().satisfies(row -> {
            assertThat(row.seq()).isEqualTo(tampered);
            assertThat(row.practice()).isEqualTo(people.practice().value());
        });

        asOwner(people, tampered, original);
        assertThat(verification.verifyAll().broken()).as("intact again once the row is restored").isEmpty();
    }

    @Test
    void aWriteWhileAnotherHoldsTheFirstLaneChainsOnTheNextAndEveryLaneVerifies() throws Exception {
        var people = practices.create();
        Visitor.signInQuietly(mvc, people.adminEmail());
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        Thread other = Thread.ofVirtual().start(() -> inPractice(people, () -> {
            // Another writer between its append and its commit: lane 0's lock is taken.
            jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 7411))").param(people.practice().toString())
                    .query().singleValue();
            holding.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        inPractice(people, () -> {
            events.publishEvent(org.outgrow.shared.AuditEvent.write("LANE_TEST", "client", people.client(),
                    people.client()));
            return null;
        });
        done.countDown();
        other.join();
        List<Integer> lanes = inPractice(people, () -> jdbc.sql("select lane from audit_event where action = 'LANE_TEST'")
                .query(Integer.class).list());
        assertThat(lanes).as("did not wait for lane 0").containsExactly(1);
        Visitor.signInQuietly(mvc, people.adminEmail());
        assertThat(verification.verifyAll().broken()).isEmpty();

        long tampered = inPractice(people, () -> jdbc.sql("select seq from audit_event where action = 'LANE_TEST'")
                .query(Long.class).single());
        asOwner(people, tampered, "LANE_TAMPERED");
        assertThat(verification.verifyAll().broken()).singleElement()
                .satisfies(row -> assertThat(row.seq()).isEqualTo(tampered));
        asOwner(people, tampered, "LANE_TEST");
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    /** Changes a row's action as the schema owner, the way someone with database access would. */
    private void asOwner(TestPractice.People people, long seq, String action) throws Exception {
        try (Connection owner = DriverManager.getConnection(server.jdbcUrl(), server.ownerUser(),
                server.ownerPassword())) {
            owner.setAutoCommit(false);
            try (PreparedStatement context = owner.prepareStatement("select set_config('app.practice_id', ?, true)");
                 PreparedStatement change = owner.prepareStatement("update audit_event set action = ? where seq = ?")) {
                context.setString(1, people.practice().toString());
                context.execute();
                change.setString(1, action);
                change.setLong(2, seq);
                assertThat(change.executeUpdate()).isEqualTo(1);
            }
            owner.commit();
        }
    }

    private <T> T inPractice(TestPractice.People people, java.util.function.Supplier<T> work) {
        return Tenancy.call(Tenancy.Context.of(people.practice()), () -> transactions.execute(status -> work.get()));
    }
}
