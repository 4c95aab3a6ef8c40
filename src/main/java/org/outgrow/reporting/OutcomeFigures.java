package org.outgrow.reporting;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

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

    /** One ended episode as the figures need it; {@code change} is empty without paired answers. */
    /** An ended episode; {@code endingKind} is null for one imported from a system that did not say how it ended. */
    public record Ended(UUID episode, UUID therapist, String therapistName, Instant endedAt, @Nullable String endingKind,
                        int attended, @Nullable Change change, @Nullable Boolean casenessAtStart) {

        boolean paired() {
            return change != null;
        }
    }

    public static OutcomeFigures of(List<Ended> episodes) {
        List<Ended> paired = episodes.stream().filter(Ended::paired).toList();
        List<Ended> atCaseness = paired.stream().filter(episode -> Boolean.TRUE.equals(episode.casenessAtStart()))
                .toList();
        // How an episode ended is known except for some imported ones; those count in neither share.
        List<Ended> knownEnding = episodes.stream().filter(episode -> episode.endingKind() != null).toList();
        return new OutcomeFigures(episodes.size(),
                share(paired, changeIn(Change.RELIABLE_IMPROVEMENT, Change.RELIABLE_RECOVERY)),
                share(atCaseness, changeIn(Change.RECOVERY, Change.RELIABLE_RECOVERY)),
                share(atCaseness, changeIn(Change.RELIABLE_RECOVERY)),
                share(paired, changeIn(Change.RELIABLE_DETERIORATION)),
                share(knownEnding, episode -> "PLANNED".equals(episode.endingKind())),
                share(knownEnding, episode -> "DROPPED_OUT".equals(episode.endingKind())),
                new Mean(episodes.stream().map(Ended::attended).toList()),
                share(episodes, Ended::paired));
    }

    private static Predicate<Ended> changeIn(Change... changes) {
        Set<Change> wanted = Set.of(changes);
        return episode -> wanted.contains(episode.change());
    }

    private static Proportion share(List<Ended> group, Predicate<Ended> counted) {
        return new Proportion((int) group.stream().filter(counted).count(), group.size());
    }
}
