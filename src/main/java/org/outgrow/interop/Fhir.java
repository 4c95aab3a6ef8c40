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
        return R4.CONTEXT.newJsonParser();
    }

    /** Made when first needed (the holder idiom). */
    private static final class R4 {
        static final FhirContext CONTEXT = configured();

        /**
         * Outgrow's resources refer to others by id, never by an object without one, so the
         * encoder's walk of every reference looking for something to contain finds nothing; it
         * was most of the time an encode took.
         */
        private static FhirContext configured() {
            FhirContext context = FhirContext.forR4Cached();
            context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
            return context;
        }
    }
}
