package org.outgrow.measurement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Ids;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Reliable deterioration is judged between the first and the last scored answer of the episode,
 * whatever came between, and an answer too incomplete to score is neither.
 */
@OutgrowTest
class AlertRulesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Test
    void deteriorationIsJudgedBetweenTheFirstAndLastScoredAnswers() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));

        // Item 9 stays 0 throughout: no risk alert. Totals: unscored, 8, 24 (a middle 0), 8, then 24, unscored.
        Integer[][] answers = {{0, null, null, null, null, null, null, null, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 0},
            {0, 0, 0, 0, 0, 0, 0, 0, 0}, {1, 1, 1, 1, 1, 1, 1, 1, 0}};
        for (Integer[] each : answers) {
            answer(therapist, client, people, episode, episodeId, each);
        }
        assertThat(open(people, episodeId)).as("8 → 0 → 8: the first and last scored are the same").isZero();
        answer(therapist, client, people, episode, episodeId, new Integer[] {3, 3, 3, 3, 3, 3, 3, 3, 0});
        assertThat(open(people, episodeId)).as("raised by the answer that scores 24 itself").isOne();
        answer(therapist, client, people, episode, episodeId, new Integer[] {3, null, null, null, null, null, null,
            null, 0});
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from measure_response"
                + " where episode_id = ? and total is null").param(episodeId).query(Integer.class).single()))
                .as("two answers could not be scored").isEqualTo(2);
        assertThat(open(people, episodeId)).as("8 → 24 between the first and last scored answers").isOne();
    }

    private void answer(Visitor therapist, Visitor client, TestPractice.People people, String episode,
                        UUID episodeId, Integer[] items) throws Exception {
        therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").with(csrf()));
        UUID request = practices.inPractice(people, () -> jdbc.sql(
                "select id from measure_request where episode_id = ? and state = 'OPEN'").param(episodeId)
                .query(UUID.class).single());
        MockHttpServletRequestBuilder form = post("/portal/questionnaires/" + request);
        for (int item = 1; item <= 9; item++) {
            if (items[item - 1] != null) {
                form.param("item.phq9_" + item, Integer.toString(items[item - 1]));
            }
        }
        int status = client.perform(form.param("confirmMissing", "true").param("submissionKey", Ids.next().toString())
                        .with(csrf()))
                .getResponse().getStatus();
        assertThat(status).as("stored").isEqualTo(302);
    }

    private int open(TestPractice.People people, UUID episodeId) {
        return practices.inPractice(people, () -> jdbc.sql(
                "select count(*) from alert where episode_id = ? and kind = 'DETERIORATION' and state = 'OPEN'")
                .param(episodeId).query(Integer.class).single());
    }
}
