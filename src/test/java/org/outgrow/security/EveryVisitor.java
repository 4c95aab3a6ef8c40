package org.outgrow.security;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

import org.outgrow.security.AccessTableTest.Row;
import org.outgrow.security.AccessTableTest.Who;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A new practice with each kind of visitor of the access table signed in, the client's consent
 * given and an episode open, and the access table's paths filled in for it: what the tests
 * generated from the table try every row with.
 */
record EveryVisitor(TestPractice.People people, String episode, Map<Who, Visitor> visitors) {

    static EveryVisitor signedIn(MockMvc mvc, TestPractice practices) throws Exception {
        TestPractice.People people = practices.create();
        Map<Who, Visitor> visitors = new EnumMap<>(Who.class);
        visitors.put(Who.ANONYMOUS, new Visitor(mvc));
        visitors.put(Who.CLIENT, Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD));
        visitors.put(Who.THERAPIST, Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD));
        visitors.put(Who.SUPERVISOR, Visitor.signedIn(mvc, people.supervisorEmail(), TestPractice.PASSWORD));
        visitors.put(Who.ADMIN, Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD));
        visitors.get(Who.CLIENT).perform(post("/portal/consent").param("given", "true").with(csrf()));
        String episode = visitors.get(Who.THERAPIST).perform(post("/clients/" + people.client() + "/episodes")
                .with(csrf())).getResponse().getRedirectedUrl().substring("/episodes/".length());
        return new EveryVisitor(people, episode, visitors);
    }

    Visitor visitor(Who who) {
        return visitors.get(who);
    }

    /** The row's path: this client and episode where it names them, a random id for any other record. */
    String path(Row row) {
        return row.path().replace("{id}", row.path().startsWith("/clients") ? people.client().toString()
                        : row.path().startsWith("/episodes") || row.path().startsWith("/portal/therapy") ? episode
                        : UUID.randomUUID().toString())
                .replace("{clientId}", people.client().toString()).replace("{slug}", people.slug())
                .replace("{token}", "x".repeat(43)).replace("**", "liveness").replace("{number}", "1")
                .replaceAll("\\{[a-zA-Z]+}", UUID.randomUUID().toString());
    }
}
