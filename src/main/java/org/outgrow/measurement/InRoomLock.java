package org.outgrow.measurement;

import java.io.IOException;
import java.io.Serializable;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.outgrow.shared.web.StaticResources;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps a session in in-room mode on the questionnaire: every other page sends the browser back
 * to it, so a client holding the therapist's device sees nothing else of the record.
 */
@Component
class InRoomLock extends OncePerRequestFilter {

    /** Which request the device is locked to, and the episode to return to once unlocked. */
    record Locked(UUID request, UUID episode) implements Serializable {
    }

    private static final Set<String> OPEN = Set.of("/in-room", "/in-room/done", "/in-room/unlock", "/logout",
            "/favicon.ico", "/error");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean locked = session != null && session.getAttribute(InRoomController.SESSION_KEY) != null;
        if (locked && !OPEN.contains(path) && !StaticResources.isStatic(path) && !path.startsWith("/actuator/health")) {
            response.sendRedirect(request.getContextPath() + "/in-room");
            return;
        }
        chain.doFilter(request, response);
    }
}
