package org.outgrow.measurement;

/**
 * A response that cannot be scored as given: an unknown item, an item answered twice, or a value
 * the item does not offer. Its message names the item, for the person or file that sent it.
 */
public class InvalidResponse extends RuntimeException {

    InvalidResponse(String message) {
        super(message);
    }
}
