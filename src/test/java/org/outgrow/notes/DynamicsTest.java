package org.outgrow.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Tagging takes one form; recurring rescuing while not on track suggests supervision; ruptures and repair. */
@OutgrowTest
class DynamicsTest {

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
    void recurringRescuingWhileNotOnTrackSuggestsSupervisionAndTheTagsStayPrivate() throws Exception {
        var people = practices.create();
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/dynamics").param("category", "THERAPIST_REACTION").param("label", "Sleepiness")
                .with(csrf()));
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        assertThat(therapist.perform(get(episode + "/dynamics")).getResponse().getContentAsString())
                .contains("Urge to rescue or fix").contains("Sleepiness");

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        for (int week = 3; week >= 1; week--) {
            therapist.perform(post(episode + "/dynamics").param("on", today.minusWeeks(week).toString())
                    .param("tags", "URGE_TO_RESCUE").param("tags", "DO_IT_FOR_ME").param("tags", "unknown")
                    .with(csrf()));
        }
        String noticed = therapist.perform(get(episode + "/dynamics")).getResponse().getContentAsString();
        assertThat(noticed).contains("keeps coming back in your recent sessions").doesNotContain("good moment");

        practices.inPractice(people, () -> {
            for (int session : new int[] {0, 8}) {
                jdbc.sql("""
                        insert into measure_response (practice_id, id, episode_id, client_id, submission_key,
                            instrument, instrument_version, answers, answered_at, session_number, source,
                            completeness, total, band, caseness, risk)
                        values (?, ?, ?, ?, ?, 'phq-9', 1, '{}', ?, ?, 'PORTAL', 'COMPLETE', 20, 'severe', true,
                            'NEGATIVE')""")
                        .params(people.practice().value(), Ids.next(), episodeId, people.client(), Ids.next(),
                                Timestamp.from(clock.instant().minus(Duration.ofDays(30 - session))), session)
                        .update();
            }
            return null;
        });
        assertThat(therapist.perform(get(episode + "/dynamics")).getResponse().getContentAsString())
                .contains("This is a good moment for supervision");

        assertThat(transactions.call(Tenancy.Context.of(people.practice(), people.otherTherapist()),
                () -> jdbc.sql("select count(*) from session_dynamic").query(Integer.class).single()))
                .as("another therapist's context sees none of the tags").isZero();
        assertThat(transactions.call(Tenancy.Context.of(people.practice(), people.therapist()),
                () -> jdbc.sql("select count(*) from session_dynamic").query(Integer.class).single()))
                .as("two known tags on each of three days").isEqualTo(6);

        therapist.perform(post(episode + "/ruptures").param("on", today.toString()).param("noticedBy", "THERAPIST")
                .param("kind", "WITHDRAWAL").with(csrf()));
        UUID rupture = practices.inPractice(people, () -> jdbc.sql("select id from rupture").query(UUID.class)
                .single());
        therapist.perform(post(episode + "/ruptures/" + rupture).param("repair", "REPAIRED")
                .param("howRepaired", "Named the silence together").with(csrf()));
        assertThat(therapist.perform(get(episode + "/dynamics")).getResponse().getContentAsString())
                .contains("withdrawal, noticed by the therapist").contains("Named the silence together");
    }
}
