package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Security headers on every kind of response; errors that reveal nothing; only health is public. */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class WebHardeningTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        List<MockHttpServletResponse> responses = List.of(
                mvc.perform(get("/login")).andReturn().getResponse(),
                mvc.perform(get("/css/outgrow.css")).andReturn().getResponse(),
                mvc.perform(get("/no/such/page")).andReturn().getResponse(),
                therapist.perform(get("/clients")).getResponse(),
                therapist.perform(get("/clients/00000000-0000-7000-8000-000000000000")).getResponse());
        for (MockHttpServletResponse response : responses) {
            String csp = response.getHeader("Content-Security-Policy");
            assertThat(csp).contains("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.getHeader("Strict-Transport-Security")).contains("max-age=31536000", "includeSubDomains");
            assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
            assertThat(response.getHeader("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
        }
        assertThat(therapist.perform(get("/clients")).getResponse().getHeader("Cache-Control")).contains("no-store");
    }

    @Test
    void errorPagesGiveAReferenceAndNothingElse(CapturedOutput log) throws Exception {
        // MockMvc does no error dispatch, so call the error page as the container would.
        MockHttpServletResponse failure = mvc.perform(get("/error")
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_EXCEPTION,
                                new IllegalStateException("duplicate key (email)=(secret@example.test)")))
                .andReturn().getResponse();
        assertThat(failure.getStatus()).isEqualTo(500);
        String page = failure.getContentAsString();
        assertThat(page).contains(failure.getHeader("X-Request-Id"), "Nothing you saved before is lost")
                .doesNotContain("secret@example.test", "IllegalStateException", "at org.", "duplicate key");
        assertThat(log.getAll()).contains("IllegalStateException").doesNotContain("secret@example.test");
    }

    @Test
    void onlyHealthIsPublicAndItShowsNoDetails() throws Exception {
        MockHttpServletResponse health = mvc.perform(get("/actuator/health")).andReturn().getResponse();
        assertThat(health.getStatus()).isEqualTo(200);
        assertThat(health.getContentAsString()).isEqualTo("{\"groups\":[\"liveness\",\"readiness\"],\"status\":\"UP\"}");
        for (String path : List.of("/actuator", "/actuator/env", "/actuator/metrics", "/actuator/beans",
                "/h2-console", "/v3/api-docs", "/swagger-ui.html")) {
            assertThat(mvc.perform(get(path)).andReturn().getResponse().getRedirectedUrl()).as(path)
                    .startsWith("/login");
        }
    }

    @Test
    void traceIsNotAllowed() throws Exception {
        assertThat(mvc.perform(request(HttpMethod.TRACE, "/login")).andReturn().getResponse().getStatus())
                .as("refused by the firewall (Tomcat itself answers 405)").isIn(400, 403, 405);
    }
}
