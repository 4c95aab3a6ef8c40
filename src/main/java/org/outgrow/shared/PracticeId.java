package org.outgrow.shared;

import java.io.Serializable;
import java.util.UUID;

/** Identifies a practice, the tenant that owns every clinical row. */
public record PracticeId(UUID value) implements Serializable {

    public static PracticeId of(String value) {
        return new PracticeId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
