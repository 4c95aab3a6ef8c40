package org.outgrow.practice;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of the practice's expectations statement: what therapy here is and is not, and what
 * clients will be asked to do. Versions are numbered from 1 and never change once published, so an
 * acknowledgement always refers to the exact text the client read.
 */
public record ExpectationsStatement(UUID id, int number, String text, UUID authorId, String authorName,
                                    Instant publishedAt) {

    /** Line endings as browsers send them differ; the same words must count as the same text. */
    public static String normalize(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    /** Whether saving {@code text} would say something this version does not. */
    public boolean differsFrom(String text) {
        return !this.text.equals(normalize(text));
    }
}
