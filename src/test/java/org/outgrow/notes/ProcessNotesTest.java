package org.outgrow.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Sealed in the database, readable by their author alone and only with a fresh proof of identity. */
@OutgrowTest
class ProcessNotesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TenantTransactions transactions;

    @Test
    void onlyTheAuthorReadsThemAfterAFreshProofAndTheDatabaseHoldsCiphertext() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String secret = "I felt pulled to rescue her again " + UUID.randomUUID();
        therapist.perform(post(episode + "/process-notes").param("text", secret).with(csrf()));
        assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                .as("fresh after signing in").contains(secret);

        byte[] stored = transactions.call(Tenancy.Context.of(people.practice(), people.therapist()),
                () -> jdbc.sql("select sealed from process_note").query(byte[].class).single());
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("rescue");
        assertThat(transactions.call(Tenancy.Context.of(people.practice(), people.otherTherapist()),
                () -> jdbc.sql("select count(*) from process_note").query(Integer.class).single()))
                .as("another account's context sees no row at all").isZero();

        for (int i = 0; i < 2; i++) {
            clock.advance(Duration.ofMinutes(9));
            therapist.perform(get("/caseload"));
        }
        String stale = therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString();
        assertThat(stale).contains("more than 15 minutes").doesNotContain(secret);
        therapist.perform(post(episode + "/process-notes/confirmation").param("answer", "not my password")
                .with(csrf()));
        assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                .doesNotContain(secret);
        therapist.perform(post(episode + "/process-notes/confirmation").param("answer", TestPractice.PASSWORD)
                .with(csrf()));
        assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                .contains(secret);
    }
}
