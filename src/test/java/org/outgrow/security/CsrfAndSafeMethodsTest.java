package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.outgrow.security.AccessTableTest.Row;
import org.outgrow.security.AccessTableTest.Who;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Checklist T20, generated from the access table: every state-changing endpoint refuses a request
 * without the CSRF token, with a wrong one, and from a cross-site origin without one, as a person
 * the endpoint would otherwise serve, and the practice's data is the same afterwards; and no GET,
 * as anyone, changes the practice's data. (The FHIR API is stateless with bearer tokens, so it has
 * no CSRF to check; audit rows and sessions are expected to change and are left out.)
 */
@OutgrowTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CsrfAndSafeMethodsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    private EveryVisitor everyone;

    @BeforeAll
    void signInEveryone() throws Exception {
        everyone = EveryVisitor.signedIn(mvc, practices);
    }

    @TestFactory
    List<DynamicTest> everyStateChangeNeedsTheCsrfToken() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : AccessTableTest.table()) {
            if (row.method().equals("GET") || row.method().equals("ANY") || row.path().startsWith("/fhir/")) {
                continue;
            }
            Who who = servedBy(row);
            tests.add(DynamicTest.dynamicTest(row.key() + " as " + who, () -> {
                Map<String, String> before = snapshot();
                HttpMethod method = HttpMethod.valueOf(row.method());
                List<MockHttpServletRequestBuilder> forged = List.of(
                        request(method, everyone.path(row)),
                        request(method, everyone.path(row)).param("_csrf", "not-the-token"),
                        request(method, everyone.path(row)).header("X-CSRF-TOKEN", "not-the-token"),
                        request(method, everyone.path(row)).header("Origin", "https://evil.example")
                                .header("Sec-Fetch-Site", "cross-site"));
                for (MockHttpServletRequestBuilder request : forged) {
                    request.param("displayName", "Forged").param("text", "Forged").param("body", "Forged")
                            .param("given", "true").param("email", "forged@example.test");
                    assertThat(everyone.visitor(who).perform(request).getResponse().getStatus()).isEqualTo(403);
                }
                assertThat(snapshot()).as("the practice's data after forged requests").isEqualTo(before);
            }));
        }
        assertThat(tests).hasSizeGreaterThan(60);
        return tests;
    }

    @TestFactory
    List<DynamicTest> noGetChangesAnything() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (Row row : AccessTableTest.table()) {
            if (!row.method().equals("GET") || row.path().startsWith("/fhir/")) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(row.key() + " as everyone", () -> {
                Map<String, String> before = snapshot();
                for (Who who : Who.values()) {
                    everyone.visitor(who).perform(get(everyone.path(row)));
                }
                assertThat(snapshot()).as("the practice's data after GET " + row.path()).isEqualTo(before);
            }));
        }
        return tests;
    }

    @org.junit.jupiter.api.Test
    void theSnapshotSeesAChangeMadeWithTheToken() throws Exception {
        Map<String, String> before = snapshot();
        everyone.visitor(Who.THERAPIST).perform(post("/clients").param("displayName", "Real " + UUID.randomUUID())
                .with(csrf()));
        assertThat(snapshot()).isNotEqualTo(before);
    }

    /** A person the endpoint would serve (or at least pass to its handler), so only the token is missing. */
    private static Who servedBy(Row row) {
        for (Who who : List.of(Who.THERAPIST, Who.CLIENT, Who.ADMIN, Who.SUPERVISOR, Who.ANONYMOUS)) {
            String outcome = row.expected().get(who);
            if (outcome.equals("ok") || outcome.equals("404")) {
                return who;
            }
        }
        return Who.ANONYMOUS;
    }


    private Map<String, String> snapshot() {
        return practices.inPractice(everyone.people(), () -> PracticeDigest.of(jdbc));
    }
}
