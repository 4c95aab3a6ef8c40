package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checklist T21 on the server side: markup a therapist or client types (a client's name, a change
 * focus in either's words, a progress note, a between-session task, the address typed at sign-in)
 * comes out of every page that shows it as text, never as markup or attributes, and template
 * expressions in it are not evaluated.
 */
@OutgrowTest
class StoredXssTest {

    static final String PAYLOAD = "Zed<script>alert(1)</script>\"><img src=x onerror=alert(2)>'"
            + " onmouseover='alert(3)' [[${7*7}]]";
    static final List<String> RAW = List.of("<script>alert(1)", "<img src=x", "onmouseover='alert(3)'",
            "onmouseover=\"alert(3)", "\"><img");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void whatPeopleTypeIsShownAsTextOnEveryPage() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));

        String named = therapist.perform(post("/clients").param("displayName", PAYLOAD).param("email", "")
                .with(csrf())).getResponse().getRedirectedUrl();
        assertThat(named).as("the client was registered").startsWith("/clients/");
        String namedEpisode = therapist.perform(post(named + "/episodes").with(csrf())).getResponse()
                .getRedirectedUrl();
        therapist.perform(post(namedEpisode + "/foci").param("wording", PAYLOAD).with(csrf()));
        therapist.perform(post(namedEpisode + "/notes").param("body", PAYLOAD).with(csrf()));

        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String id = episode.substring("/episodes/".length());
        client.perform(post("/portal/therapy/" + id + "/foci").param("wording", PAYLOAD).with(csrf()));
        client.perform(post("/portal/tasks").param("episode", id).param("description", PAYLOAD).with(csrf()));

        Visitor stranger = new Visitor(mvc);
        stranger.signIn(PAYLOAD + "@example.test", "wrong password");

        Map<String, String> pages = new LinkedHashMap<>();
        for (String path : List.of("/clients", named, named + "/episodes", namedEpisode, namedEpisode + "/notes",
                namedEpisode + "/measures", "/caseload", episode, episode + "/sessions", "/alerts")) {
            pages.put("therapist " + path, therapist.perform(get(path)).getResponse().getContentAsString());
        }
        pages.put("therapist htmx " + namedEpisode, therapist.perform(get(namedEpisode).header("HX-Request", "true"))
                .getResponse().getContentAsString());
        for (String path : List.of("/portal", "/portal/therapy", "/portal/therapy/" + id, "/portal/tasks")) {
            pages.put("client " + path, client.perform(get(path)).getResponse().getContentAsString());
        }
        pages.put("sign-in form after a failure", stranger.perform(get("/login").param("error", ""))
                .getResponse().getContentAsString());

        int shown = 0;
        for (var page : pages.entrySet()) {
            assertThat(page.getValue()).as(page.getKey()).doesNotContain(RAW).doesNotContain("Zed" + "49");
            if (page.getValue().contains("Zed&lt;script&gt;alert(1)&lt;/script&gt;")) {
                shown++;
            }
        }
        assertThat(shown).as("pages that show the typed text, escaped").isGreaterThanOrEqualTo(8);
        assertThat(pages.get("sign-in form after a failure")).contains("Zed&lt;script&gt;");
        assertThat(pages.get("client /portal/therapy/" + id)).contains("[[${7*7}]]");
    }
}
