package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Tenancy;
import org.outgrow.testing.AtOnce;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Follow-up starts by itself when it falls due, and not before. */
@OutgrowTest
class FollowUpsTest {

    @Autowired
    FollowUps followUps;

    @Autowired
    Episodes episodes;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEndedEpisodeMovesIntoFollowUpWhenDue() {
        var people = practices.create();
        UUID id = UUID.randomUUID();
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin"));
        inPractice(people, () -> {
            Episode episode = Episode.open(id, people.client(), people.therapist(), clock.instant());
            episodes.insert(episode);
            episodes.update(episode.end(Episode.EndingKind.CLIENT_INITIATED, Episode.StateAtEnding.IMPROVED,
                    people.therapist(), clock.instant(), today, Period.ofMonths(3)));
        });
        clock.advance(Duration.ofDays(80));
        followUps.startDueFollowUps();
        assertThat(state(people, id)).isEqualTo(EpisodeState.ENDED);
        clock.advance(Duration.ofDays(15));
        followUps.startDueFollowUps();
        assertThat(state(people, id)).isEqualTo(EpisodeState.FOLLOW_UP);
    }

    /** Many due at once, so the two runs overlap: each episode moves (and is audited) once. */
    @Test
    void twoNodesCheckingAtTheSameMomentStartEachFollowUpOnce() {
        var people = practices.create();
        LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Berlin"));
        int due = 20;
        inPractice(people, () -> {
            for (int i = 0; i < due; i++) {
                Episode episode = Episode.open(UUID.randomUUID(), people.client(), people.therapist(), clock.instant());
                episodes.insert(episode);
                episodes.update(episode.end(Episode.EndingKind.CLIENT_INITIATED, Episode.StateAtEnding.IMPROVED,
                        people.therapist(), clock.instant(), today, Period.ofMonths(3)));
            }
        });
        clock.advance(Duration.ofDays(95));

        AtOnce.onTwoNodes(followUps::startDueFollowUps);

        assertThat(count(people, "select count(*) from episode where state = 'FOLLOW_UP'")).isEqualTo(due);
        assertThat(count(people, "select count(*) from audit_event where action = 'EPISODE_FOLLOW_UP'"))
                .as("one audited move per episode").isEqualTo(due);
    }

    private int count(TestPractice.People people, String sql) {
        return practices.inPractice(people, () -> jdbc.sql(sql).query(Integer.class).single());
    }

    private EpisodeState state(TestPractice.People people, UUID id) {
        return Tenancy.call(Tenancy.Context.of(people.practice()), () -> transactions.execute(status ->
                episodes.find(id).orElseThrow().state()));
    }

    private void inPractice(TestPractice.People people, Runnable work) {
        Tenancy.run(Tenancy.Context.of(people.practice()), () -> transactions.executeWithoutResult(status -> work.run()));
    }
}
