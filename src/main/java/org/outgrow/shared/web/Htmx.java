package org.outgrow.shared.web;

import jakarta.servlet.http.HttpServletRequest;

/** One handler per URL: it returns the whole page, or only the fragment when htmx asks. */
public final class Htmx {

    private Htmx() {
    }

    public static boolean isRequest(HttpServletRequest request) {
        return "true".equals(request.getHeader("HX-Request"));
    }

    /** {@code view} for a full page load, {@code view :: fragment} for an htmx request. */
    public static String pageOrFragment(HttpServletRequest request, String view, String fragment) {
        return isRequest(request) ? view + " :: " + fragment : view;
    }
}
