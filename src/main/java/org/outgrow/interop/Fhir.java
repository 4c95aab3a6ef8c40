package org.outgrow.interop;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * HAPI's R4 context, made on first use rather than at start-up: it scans the whole R4 model,
 * which takes seconds, and a practice that never uses the FHIR interface should not wait for it.
 */
final class Fhir {

    private Fhir() {
    }

    /** A JSON parser; parsers are cheap and not shared between threads. */
    static IParser json() {
        return FhirContext.forR4Cached().newJsonParser();
    }
}
