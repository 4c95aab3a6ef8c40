package org.outgrow.shared.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Locale;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * A stored session that cannot be saved because the database went away answers 503 with
 * Retry-After and the plain page, not the container's 500; any other failure goes on to the error page.
 */
class DatabaseOutageFilterTest {

    private final DatabaseOutageFilter filter = new DatabaseOutageFilter(messages());

    @Test
    void aSessionSaveCutOffByAServerShutdownAnswers503InTheVisitorsLanguage() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/portal/tasks");
        request.addPreferredLocale(Locale.GERMAN);
        request.setAttribute(RequestIdFilter.ATTRIBUTE, "abc123");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, (req, res) -> {
            res.getWriter().write("half a page");
            throw new org.springframework.dao.DataIntegrityViolationException("session save failed",
                    new SQLException("terminating connection due to administrator command", "57P01"));
        });

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentAsString())
                .contains("Outgrow erreicht seine Datenbank gerade nicht").contains("abc123")
                .doesNotContain("half a page").doesNotContain("administrator command");
    }

    @Test
    void anyOtherFailureIsLeftToTheErrorPage() {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/caseload"), response,
                (req, res) -> {
                    throw new ServletException(new SQLException("duplicate key", "23505"));
                })).isInstanceOf(ServletException.class);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasename("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
