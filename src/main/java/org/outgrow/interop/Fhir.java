package org.outgrow.interop;

import java.util.function.Supplier;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;

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

    /**
     * The JSON as a resource of the given type. HAPI's parser throws its {@link DataFormatException}
     * for most malformed input, but not all (an empty property name gave a
     * StringIndexOutOfBoundsException): whatever else it throws on the text it was given becomes
     * one too, so that every caller has one way to say "not FHIR JSON".
     */
    static <T extends IBaseResource> T parse(Class<T> type, String json) {
        return refusedAsDataFormat(() -> json().parseResource(type, json));
    }

    /** The JSON as whichever resource it names, refused as {@link #parse(Class, String)} refuses. */
    static IBaseResource parse(String json) {
        return refusedAsDataFormat(() -> json().parseResource(json));
    }

    private static <T> T refusedAsDataFormat(Supplier<T> parsing) {
        try {
            return parsing.get();
        } catch (DataFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataFormatException("HAPI could not parse the JSON: " + e.getClass().getSimpleName(), e);
        }
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
