package org.outgrow.measurement;

import org.jspecify.annotations.Nullable;

/** One answer as given: the item, and its value or {@code null} when left unanswered. */
public record Answer(String item, @Nullable Integer value) {

    public static Answer of(String item, int value) {
        return new Answer(item, value);
    }

    public static Answer missing(String item) {
        return new Answer(item, null);
    }
}
