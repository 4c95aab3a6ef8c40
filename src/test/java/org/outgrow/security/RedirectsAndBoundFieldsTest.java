package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * No open redirect: signing in and out ends on the application's own pages whatever the request
 * names as a destination. No mass assignment (checklist T18): fields a form does not declare
 * (therapist, practice, id, roles, account) are ignored, so the stored record has the values the
 * server chose.
 */
@OutgrowTest
class RedirectsAndBoundFieldsTest {

    private static final Map<String, String> DESTINATIONS = Map.of("continue", "https://evil.example/",
            "redirect", "//evil.example", "returnTo", "https://evil.example", "next", "/\\evil.example",
            "target", "https:evil.example");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Test
    void signingInAndOutNeverLeadsOffSite() throws Exception {
        var people = practices.create();
        Visitor visitor = new Visitor(mvc);
        var login = post("/login").param("email", people.therapistEmail()).param("password", TestPractice.PASSWORD)
                .header("Referer", "https://evil.example/").with(csrf());
        DESTINATIONS.forEach(login::param);
        assertThat(visitor.perform(login).getResponse().getRedirectedUrl()).isEqualTo("/");
        var loginPage = get("/login");
        DESTINATIONS.forEach(loginPage::param);
        assertThat(new Visitor(mvc).perform(loginPage).getResponse().getStatus()).isEqualTo(200);
        var logout = post("/logout").with(csrf());
        DESTINATIONS.forEach(logout::param);
        assertThat(visitor.perform(logout).getResponse().getRedirectedUrl()).isEqualTo("/login?signedOut");
        var failed = post("/login").param("email", people.therapistEmail()).param("password", "wrong").with(csrf());
        DESTINATIONS.forEach(failed::param);
        assertThat(new Visitor(mvc).perform(failed).getResponse().getRedirectedUrl()).isEqualTo("/login?error");
    }

    @Test
    void aNewClientBelongsToTheTherapistWhoRegisteredThemWhateverElseIsPosted() throws Exception {
        var people = practices.create();
        var other = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String name = "Bound " + UUID.randomUUID();
        UUID chosenId = UUID.randomUUID();
        String created = therapist.perform(post("/clients").param("displayName", name)
                .param("therapistId", people.otherTherapist().toString()).param("therapist", people.otherTherapist()
                        .toString()).param("practiceId", other.practice().value().toString())
                .param("id", chosenId.toString()).param("accountId", people.clientAccount().toString())
                .param("roles", "ADMIN").with(csrf())).getResponse().getRedirectedUrl();
        assertThat(created).startsWith("/clients/").doesNotContain(chosenId.toString());
        Map<String, Object> row = practices.inPractice(people, () -> jdbc.sql("select id, therapist_id, account_id,"
                + " practice_id from client where display_name = ?").param(name).query().singleRow());
        assertThat(row.get("therapist_id")).isEqualTo(people.therapist());
        assertThat(row.get("practice_id")).isEqualTo(people.practice().value());
        assertThat(row.get("account_id")).isNull();
        assertThat(row.get("id")).isNotEqualTo(chosenId);
        assertThat(practices.inPractice(other, () -> jdbc.sql("select count(*) from client where display_name = ?")
                .param(name).query(Integer.class).single())).isZero();
    }

    @Test
    void aClientsConsentIsTheirOwnWhateverClientIsNamed() throws Exception {
        var people = practices.create();
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").param("clientId", people.otherClient().toString())
                .param("client", people.otherClient().toString()).with(csrf()));
        Map<UUID, Integer> consents = practices.inPractice(people, () -> Map.of(
                people.client(), count("select count(*) from measurement_consent where client_id = ?", people.client()),
                people.otherClient(), count("select count(*) from measurement_consent where client_id = ?",
                        people.otherClient())));
        assertThat(consents).containsEntry(people.client(), 1).containsEntry(people.otherClient(), 0);
    }

    private int count(String sql, UUID id) {
        return jdbc.sql(sql).param(id).query(Integer.class).single();
    }
}
