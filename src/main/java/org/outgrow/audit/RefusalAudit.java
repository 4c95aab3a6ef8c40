package org.outgrow.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Actor;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every request of a signed-in person that a handler refuses (403, or 404 for a record that is
 * not theirs) is in the audit log, however the handler refused it: a module that audited the
 * refusal itself, with the record it was about, is not audited twice; any other refusal is
 * recorded as the request's method and path (ids only, never clinical text). Refusals before a
 * handler (sign-in needed, wrong role) are audited by the security configuration.
 */
@Configuration
class RefusalAudit implements WebMvcConfigurer, HandlerInterceptor {

    /** Set on the request when a refusal was audited for it. */
    static final String RECORDED = RefusalAudit.class.getName() + ".recorded";

    private final ApplicationEventPublisher events;

    RefusalAudit(ApplicationEventPublisher events) {
        this.events = events;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                @Nullable Exception failure) {
        int status = response.getStatus();
        if ((status == HttpServletResponse.SC_FORBIDDEN || status == HttpServletResponse.SC_NOT_FOUND)
                && request.getAttribute(RECORDED) == null && Actor.current().isPresent()) {
            events.publishEvent(AuditEvent.denied("request", request.getMethod() + " " + request.getRequestURI()));
        }
    }
}
