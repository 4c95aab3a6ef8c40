package org.outgrow.shared.web;

import jakarta.servlet.http.HttpServletRequest;

/** Recognises requests made by htmx, which get a redirect header instead of a redirect. */
public final class Htmx {

    private Htmx() {
    }

    public static boolean isRequest(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }
}
