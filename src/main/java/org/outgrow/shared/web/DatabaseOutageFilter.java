package org.outgrow.shared.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Answers 503 with Retry-After when the database goes away under a request in a place the error
 * page cannot cover: the stored session is saved when the response is committed, outside the
 * dispatcher, and the error dispatch that would follow needs the same database again, so without
 * this the visitor gets the container's bare 500. A 503 says "try again", which is true: nothing
 * was acknowledged.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10) // inside the request id, outside the session repository filter
class DatabaseOutageFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutageFilter.class);

    private final MessageSource messages;

    DatabaseOutageFilter(MessageSource messages) {
        this.messages = messages;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException failure) {
            if (response.isCommitted() || !ErrorPageController.databaseUnreachable(failure)) {
                throw failure;
            }
            String reference = RequestIdFilter.of(request);
            log.error("Request {} failed: {}", reference, SafeLog.describe(failure));
            response.resetBuffer();
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.setHeader("Retry-After", "30");
            response.setHeader("Cache-Control", "no-store");
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(page(request.getLocale(), reference));
        }
    }

    private String page(Locale locale, String reference) {
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, locale));
        return "<!DOCTYPE html><html lang=\"" + HtmlUtils.htmlEscape(locale.getLanguage()) + "\"><head>"
                + "<meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + title + "</title></head><body><main><h1>" + title + "</h1><p>"
                + HtmlUtils.htmlEscape(messages.getMessage("error.503", null, locale)) + "</p><p>"
                + HtmlUtils.htmlEscape(messages.getMessage("error.reference", null, locale)) + " <code>"
                + HtmlUtils.htmlEscape(reference) + "</code></p></main></body></html>";
    }
}
