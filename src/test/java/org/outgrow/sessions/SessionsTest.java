package org.outgrow.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** Scheduling, attendance and numbering; the client's view; calendar feeds that can be revoked. */
@OutgrowTest
class SessionsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Test
    void attendedSessionsAreNumberedAndTheClientSeesThem() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        LocalDate tomorrow = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin")).plusDays(1);
        for (int week = 0; week < 3; week++) {
            therapist.perform(post(episode + "/sessions").param("date", tomorrow.plusWeeks(week).toString())
                    .param("time", "10:00").param("minutes", "50").with(csrf()));
        }
        List<UUID> appointments = appointmentIds(people);
        assertThat(appointments).hasSize(3);

        String early = (String) therapist.perform(post(episode + "/sessions/" + appointments.get(0) + "/attendance")
                .param("outcome", "ATTENDED").with(csrf())).getFlashMap().get("problem");
        assertThat(early).isEqualTo("appointment.rule.notYet");

        clock.advance(Duration.ofDays(22));
        therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        record(therapist, episode, appointments.get(0), "ATTENDED");
        record(therapist, episode, appointments.get(1), "CANCELLED_BY_CLIENT");
        record(therapist, episode, appointments.get(2), "ATTENDED");
        String page = therapist.perform(get(episode + "/sessions")).getResponse().getContentAsString();
        assertThat(page).contains("Cancelled by the client", "<td>1</td>", "<td>2</td>").doesNotContain("<td>3</td>");
        assertThat(attended(people)).as("kept for the outcome report").isEqualTo(2);
        record(therapist, episode, appointments.get(2), "DID_NOT_ATTEND");
        assertThat(attended(people)).as("a correction counts down").isEqualTo(1);
        record(therapist, episode, appointments.get(2), "ATTENDED");
        assertThat(attended(people)).isEqualTo(2);

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        assertThat(client.perform(get("/portal/sessions")).getResponse().getContentAsString())
                .contains("Session 1", "Session 2", "Cancelled by the client");

        var elsewhere = practices.create();
        Visitor stranger = Visitor.signedIn(mvc, elsewhere.therapistEmail(), TestPractice.PASSWORD);
        assertThat(stranger.perform(get(episode + "/sessions")).getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aCalendarAddressShowsTheSessionsWithoutNamesAndStopsWhenReplaced() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        therapist.perform(post(episode + "/sessions").param("date", LocalDate.ofInstant(clock.instant(),
                ZoneId.of("Europe/Berlin")).plusDays(2).toString()).param("time", "09:30").param("minutes", "50")
                .with(csrf()));

        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        String address = (String) client.perform(post("/calendar/address").with(csrf())).getFlashMap().get("feedUrl");
        String path = address.substring("http://localhost".length());
        String calendar = mvc.perform(get(path)).andReturn().getResponse().getContentAsString();
        assertThat(calendar).startsWith("BEGIN:VCALENDAR").contains("BEGIN:VEVENT", "SUMMARY:Therapy session")
                .doesNotContain("Cleo", "Theo");

        client.perform(post("/calendar/address").with(csrf()));
        assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus()).as("the old address").isEqualTo(404);
        String token = path.substring("/feeds/".length(), path.length() - ".ics".length());
        List<String> stored = practices.inPractice(people, () ->
                jdbc.sql("select token_hash from calendar_feed").query(String.class).list());
        assertThat(stored).doesNotContain(token);
    }

    private void record(Visitor therapist, String episode, UUID appointment, String outcome) throws Exception {
        therapist.perform(post(episode + "/sessions/" + appointment + "/attendance").param("outcome", outcome)
                .with(csrf()));
    }

    private int attended(TestPractice.People people) {
        return practices.inPractice(people, () ->
                jdbc.sql("select attended from episode_attendance").query(Integer.class).single());
    }

    private List<UUID> appointmentIds(TestPractice.People people) {
        return practices.inPractice(people, () ->
                jdbc.sql("select id from appointment order by starts_at").query(UUID.class).list());
    }
}
