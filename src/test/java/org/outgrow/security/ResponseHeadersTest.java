package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.LinkedHashMap;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checklist T25 and T8 beyond the HTML pages: the FHIR API's JSON (answers, refusals, the public
 * capability statement), PDF and CSV downloads, htmx fragments, static files and errors all carry
 * the security headers; everything that needs a sign-in or a token is never stored by a cache; the
 * session cookie is a host-only, secure, HTTP-only, same-site cookie.
 */
@OutgrowTest
class ResponseHeadersTest {


    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void everyKindOfResponseCarriesTheSecurityHeadersAndAuthenticatedOnesAreNeverCached() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        client.perform(post("/portal/consent").param("given", "true").with(csrf()));
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String token = therapist.createApiToken("READ");

        Map<String, MockHttpServletResponse> authenticated = new LinkedHashMap<>();
        authenticated.put("page", therapist.perform(get("/clients/" + people.client())).getResponse());
        authenticated.put("htmx fragment", therapist.perform(get(episode).header("HX-Request", "true")).getResponse());
        authenticated.put("PDF", therapist.perform(get(episode + "/progress.pdf")).getResponse());
        authenticated.put("client's PDF", client.perform(get("/portal/progress.pdf")).getResponse());
        authenticated.put("CSV", admin.perform(get("/admin/research.csv")).getResponse());
        authenticated.put("outcomes CSV", admin.perform(get("/admin/outcomes.csv")).getResponse());
        authenticated.put("FHIR bundle", mvc.perform(get("/fhir/r4/Patient").header("Authorization", "Bearer " + token))
                .andReturn().getResponse());
        authenticated.put("FHIR read", mvc.perform(get("/fhir/r4/Patient/" + people.client())
                .header("Authorization", "Bearer " + token)).andReturn().getResponse());
        authenticated.put("FHIR not found", mvc.perform(get("/fhir/r4/Patient/" + people.otherClient())
                .header("Authorization", "Bearer " + token)).andReturn().getResponse());
        authenticated.put("FHIR refused token", mvc.perform(get("/fhir/r4/Patient")
                .header("Authorization", "Bearer og_" + "x".repeat(43))).andReturn().getResponse());
        authenticated.put("FHIR without token", mvc.perform(get("/fhir/r4/Patient")).andReturn().getResponse());
        authenticated.put("denied page", client.perform(get("/clients")).getResponse());

        Map<String, MockHttpServletResponse> everything = new LinkedHashMap<>(authenticated);
        everything.put("FHIR capability statement", mvc.perform(get("/fhir/r4/metadata")).andReturn().getResponse());
        everything.put("static script", mvc.perform(get("/js/outgrow.js")).andReturn().getResponse());
        everything.put("static stylesheet", mvc.perform(get("/css/outgrow.css")).andReturn().getResponse());
        everything.put("not found", mvc.perform(get("/no/such/page")).andReturn().getResponse());
        everything.put("error page", mvc.perform(get("/error")
                .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 500)).andReturn().getResponse());
        everything.put("health", mvc.perform(get("/actuator/health")).andReturn().getResponse());

        assertThat(authenticated.get("PDF").getStatus()).isEqualTo(200);
        assertThat(authenticated.get("CSV").getStatus()).isEqualTo(200);
        assertThat(authenticated.get("FHIR bundle").getStatus()).isEqualTo(200);
        assertThat(authenticated.get("FHIR read").getStatus()).isEqualTo(200);
        SoftAssertions soft = new SoftAssertions();
        for (var entry : everything.entrySet()) {
            MockHttpServletResponse response = entry.getValue();
            String what = entry.getKey() + " (" + response.getStatus() + ")";
            soft.assertThat(response.getHeader("Content-Security-Policy")).as(what)
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval");
            soft.assertThat(response.getHeader("Strict-Transport-Security")).as(what)
                    .contains("max-age=31536000", "includeSubDomains");
            soft.assertThat(response.getHeader("X-Content-Type-Options")).as(what).isEqualTo("nosniff");
            soft.assertThat(response.getHeader("Referrer-Policy")).as(what).isEqualTo("no-referrer");
            soft.assertThat(response.getHeader("Cross-Origin-Opener-Policy")).as(what).isEqualTo("same-origin");
            soft.assertThat(response.getHeader("X-Frame-Options")).as(what).isEqualTo("DENY");
            soft.assertThat(response.getHeader("Server")).as(what).isNull();
            soft.assertThat(response.getHeader("X-Powered-By")).as(what).isNull();
        }
        for (var entry : authenticated.entrySet()) {
            soft.assertThat(entry.getValue().getHeader("Cache-Control")).as(entry.getKey()).contains("no-store");
        }
        soft.assertAll();
    }

    @Test
    void theSessionCookieIsHostOnlySecureHttpOnlyAndSameSite() throws Exception {
        var people = practices.create();
        MockHttpServletResponse signedIn = new Visitor(mvc).signIn(people.therapistEmail(), TestPractice.PASSWORD)
                .getResponse();
        String cookie = signedIn.getHeaders("Set-Cookie").stream()
                .filter(header -> header.startsWith(Visitor.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("; Secure", "; HttpOnly", "; Path=/").containsPattern("SameSite=(Lax|Strict)")
                .doesNotContainIgnoringCase("Domain=");
        String id = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        // Spring Session's id is a random UUID, Base64-encoded in the cookie; ours is 256 random bits.
        assertThat(java.util.Base64.getDecoder().decode(id).length).as("session id bytes, encoded")
                .isGreaterThanOrEqualTo(32);
        assertThat(signedIn.getRedirectedUrl()).as("the session id is never in a URL").doesNotContain(id)
                .doesNotContainIgnoringCase("jsessionid");
    }

    @Test
    void signingOutClearsWhatTheBrowserKeptAndTheOldCookieOpensNothing() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        jakarta.servlet.http.Cookie old = new jakarta.servlet.http.Cookie(Visitor.SESSION_COOKIE, therapist.sessionId());
        // Clear-Site-Data is sent over HTTPS only (as browsers honour it); behind the proxy every request is.
        MockHttpServletResponse out = therapist.perform(post("/logout").secure(true).with(csrf())).getResponse();
        assertThat(out.getHeader("Clear-Site-Data")).contains("\"cache\"", "\"cookies\"", "\"storage\"");
        MockHttpServletResponse replay = mvc.perform(get("/clients").cookie(old)).andReturn().getResponse();
        assertThat(replay.getRedirectedUrl()).as("the cookie replayed after signing out").startsWith("/login");
    }
}
