package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checklist T5, the content half (every build): a failed sign-in, and a request for an e-mailed
 * sign-in link, answer the same status, headers and page whether the address is unknown, a client's,
 * a staff member's or a locked account's. The timing half is {@link EnumerationTimingTest} (nightly).
 */
@OutgrowTest
class NoUserEnumerationTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void aFailedSignInLooksTheSameForUnknownKnownAndLockedAddresses() throws Exception {
        var people = practices.create();
        Visitor locker = new Visitor(mvc);
        for (int attempt = 0; attempt < 6; attempt++) {
            locker.signIn(people.otherTherapistEmail(), "wrong " + attempt);
        }
        List<String> addresses = List.of("nobody@" + people.slug() + ".test", people.clientEmail(),
                people.therapistEmail(), people.otherTherapistEmail());
        List<String> seen = new java.util.ArrayList<>();
        for (String address : addresses) {
            Visitor visitor = new Visitor(mvc);
            MockHttpServletResponse failed = visitor.signIn(address, "not the password at all").getResponse();
            // MockMvc does not read a bare "?error" from the address, so the flag is passed as the browser's would be.
            MockHttpServletResponse page = visitor.perform(get("/login").param("error", "")).getResponse();
            seen.add(failed.getStatus() + " " + failed.getRedirectedUrl() + " " + headers(failed) + "\n"
                    + page.getStatus() + " " + headers(page) + "\n" + normalised(page.getContentAsString(), address));
        }
        assertThat(seen.getFirst()).contains("/login?error", "did not match");
        assertThat(seen).as("unknown, client, therapist, locked therapist").containsOnly(seen.getFirst());
    }

    @Test
    void askingForASignInLinkLooksTheSameForUnknownClientAndStaffAddresses() throws Exception {
        var people = practices.create();
        List<String> seen = new java.util.ArrayList<>();
        for (String address : List.of("nobody@" + people.slug() + ".test", people.clientEmail(),
                people.therapistEmail())) {
            MockHttpServletResponse response = new Visitor(mvc).perform(post("/login/link").param("email", address)
                    .with(csrf())).getResponse();
            seen.add(response.getStatus() + " " + headers(response) + "\n"
                    + normalised(response.getContentAsString(), address));
        }
        assertThat(seen.getFirst()).startsWith("200");
        assertThat(seen).as("unknown, client, therapist").containsOnly(seen.getFirst());
    }

    private static String headers(MockHttpServletResponse response) {
        return new TreeSet<>(response.getHeaderNames()).toString();
    }

    /** The page without what differs on every request anyway: the CSRF token, the request reference, the typed address. */
    static String normalised(String page, String address) {
        return page.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "name=\"_csrf\"")
                .replaceAll("content=\"[A-Za-z0-9_-]{40,}\"", "content=\"\"")
                .replaceAll("\\b[0-9a-f]{12}\\b", "REF")
                .replace(address, "ADDRESS");
    }
}
