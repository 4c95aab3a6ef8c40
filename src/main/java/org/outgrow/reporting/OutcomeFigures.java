package org.outgrow.reporting;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.measurement.Change;

/**
 * Outcome figures of a group of ended episodes. An episode counts for change when it has two scored
 * answers on its main questionnaire (PHQ-9 where it was used, otherwise the first one answered that
 * publishes a reliable-change threshold), compared first against last:
 * <ul>
 *   <li>reliable improvement: improved by at least the threshold (with or without recovery), of paired episodes;</li>
 *   <li>recovery and reliable recovery: of paired episodes that started above the clinical cut-off;</li>
 *   <li>reliable deterioration: worse by at least the threshold, of paired episodes;</li>
 *   <li>planned endings and dropout: of all ended episodes; mean attended sessions likewise;</li>
 *   <li>data completeness: the share of ended episodes with paired answers.</li>
 * </ul>
 * Each comes with its n and a 95% interval, and is suppressed below five.
 */
public record OutcomeFigures(int ended, Proportion reliableImprovement, Proportion recovery,
                             Proportion reliableRecovery, Proportion deterioration, Proportion planned,
                             Proportion dropout, Mean sessions, Proportion completeness) {

    /**
     * One ended episode as the figures need it: {@code change} is null without paired answers,
     * {@code endingKind} for one imported from a system that did not say how it ended.
     */
    public record Ended(UUID therapist, String therapistName, @Nullable String endingKind, int attended,
                        @Nullable Change change, @Nullable Boolean casenessAtStart) {
    }

    /** In one pass: the practice's group is every ended episode of the period, often tens of thousands. */
    public static OutcomeFigures of(List<Ended> episodes) {
        int paired = 0;
        int improved = 0;
        int deteriorated = 0;
        int atCaseness = 0; // paired and above the cut-off at the start
        int recovered = 0;
        int reliablyRecovered = 0;
        // How an episode ended is known except for some imported ones; those count in neither share.
        int knownEnding = 0;
        int planned = 0;
        int droppedOut = 0;
        List<Integer> attended = new ArrayList<>(episodes.size());
        for (Ended episode : episodes) {
            attended.add(episode.attended());
            if (episode.endingKind() != null) {
                knownEnding++;
                planned += "PLANNED".equals(episode.endingKind()) ? 1 : 0;
                droppedOut += "DROPPED_OUT".equals(episode.endingKind()) ? 1 : 0;
            }
            Change change = episode.change();
            if (change == null) {
                continue;
            }
            paired++;
            improved += change == Change.RELIABLE_IMPROVEMENT || change == Change.RELIABLE_RECOVERY ? 1 : 0;
            deteriorated += change == Change.RELIABLE_DETERIORATION ? 1 : 0;
            if (Boolean.TRUE.equals(episode.casenessAtStart())) {
                atCaseness++;
                recovered += change == Change.RECOVERY || change == Change.RELIABLE_RECOVERY ? 1 : 0;
                reliablyRecovered += change == Change.RELIABLE_RECOVERY ? 1 : 0;
            }
        }
        return new OutcomeFigures(episodes.size(), new Proportion(improved, paired),
                new Proportion(recovered, atCaseness), new Proportion(reliablyRecovered, atCaseness),
                new Proportion(deteriorated, paired), new Proportion(planned, knownEnding),
                new Proportion(droppedOut, knownEnding), new Mean(attended), new Proportion(paired, episodes.size()));
    }
}
