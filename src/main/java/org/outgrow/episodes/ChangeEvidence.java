package org.outgrow.episodes;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the measures say about an episode, as a review needs it: per questionnaire the first and
 * latest score and the change between them, and the client's session feedback against their own
 * level. Measures belong to the measurement module, which answers.
 */
public interface ChangeEvidence {

    /**
     * One questionnaire's course. {@code change} names the reliable-change class (for example
     * {@code RELIABLE_IMPROVEMENT}), empty below two scores; {@code improved} is true for a
     * reliable improvement or a reliable recovery.
     */
    record Measure(String instrument, String title, @Nullable String baseline, @Nullable String latest,
                   @Nullable String change, boolean improved, @Nullable Boolean onTrack) {
    }

    /** The latest session feedback, the mean of the client's earlier ratings, and whether it fell below it. */
    record Alliance(String latest, @Nullable String ownLevel, boolean dropped) {
    }

    record Evidence(List<Measure> measures, @Nullable Alliance alliance) {

        public static final Evidence NONE = new Evidence(List.of(), null);

        /** Some questionnaire has two scores to compare. */
        public boolean measured() {
            return measures.stream().anyMatch(measure -> measure.change() != null);
        }

        public boolean reliablyImproved() {
            return measures.stream().anyMatch(Measure::improved);
        }

        /** Some questionnaire's latest score is outside the range expected at its session. */
        public boolean notOnTrack() {
            return measures.stream().anyMatch(measure -> Boolean.FALSE.equals(measure.onTrack()));
        }
    }

    Evidence of(UUID episodeId, Locale locale);
}
