package org.outgrow.episodes;

import org.jspecify.annotations.Nullable;

/**
 * When a review is due and when the work is drifting, from the agreement and the attended
 * sessions. A review falls due every {@code reviewEverySessions} attended sessions; the work
 * drifts when it has run past the agreed number of sessions without a review since.
 */
public record ReviewSchedule(int attended, int reviewEverySessions, @Nullable Integer plannedSessions,
                      int attendedAtLastReview) {

    public boolean reviewDue() {
        return attended - attendedAtLastReview >= reviewEverySessions;
    }

    public boolean drifting() {
        return plannedSessions != null && attended > plannedSessions && attendedAtLastReview < plannedSessions;
    }
}
