package org.outgrow.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Refusals of the FHIR API, written as FHIR OperationOutcomes so API clients can read them. The
 * texts are fixed: nothing the caller sent is echoed back.
 */
final class ApiResponses {

    private ApiResponses() {
    }

    static void unauthorized(HttpServletResponse response, String text) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"outgrow\"");
        refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "login", text);
    }

    static void refuse(HttpServletResponse response, int status, String code, String text) throws IOException {
        response.setStatus(status);
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"" + code + "\",\"diagnostics\":\"" + text + "\"}]}");
    }
}
