package org.outgrow.episodes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A course of therapy between one client and one therapist: a joint, time-bounded piece of work
 * that moves intake → assessment → active → ending → ended → follow-up. It knows which steps are
 * allowed; it refuses the others with an {@link EpisodeRuleViolation}.
 */
public record Episode(UUID id, UUID clientId, UUID therapistId, EpisodeState state, Instant openedAt,
                      @Nullable LocalDate endingDate, @Nullable Instant endedAt, @Nullable UUID endedBy,
                      @Nullable EndingKind endingKind, @Nullable StateAtEnding stateAtEnding,
                      @Nullable LocalDate followUpDue, int version) {

    /** How an episode ended. Only a planned ending goes through the ending phase. */
    public enum EndingKind { PLANNED, CLIENT_INITIATED, DROPPED_OUT, THERAPIST_INITIATED, REFERRED }

    /** Where the client stood at the end, by the therapist's judgement (measures refine it later). */
    public enum StateAtEnding { RECOVERED, IMPROVED, UNCHANGED, DETERIORATED }

    static Episode open(UUID id, UUID clientId, UUID therapistId, Instant now) {
        return new Episode(id, clientId, therapistId, EpisodeState.INTAKE, now, null, null, null, null, null, null, 0);
    }

    Episode startAssessment() {
        require(state == EpisodeState.INTAKE, "episode.rule.assessmentFromIntake");
        return withState(EpisodeState.ASSESSMENT);
    }

    /** The work begins once there is an agreement and at least one agreed goal. */
    Episode activate(boolean hasAgreement, int agreedGoals) {
        require(state == EpisodeState.ASSESSMENT, "episode.rule.activeFromAssessment");
        require(hasAgreement, "episode.rule.activeNeedsAgreement");
        require(agreedGoals > 0, "episode.rule.activeNeedsGoal");
        return withState(EpisodeState.ACTIVE);
    }

    Episode beginEnding(LocalDate endingDate, LocalDate today) {
        require(state == EpisodeState.ACTIVE, "episode.rule.endingFromActive");
        require(!endingDate.isBefore(today), "episode.rule.endingDateInPast");
        return new Episode(id, clientId, therapistId, EpisodeState.ENDING, openedAt, endingDate, null, null, null,
                null, null, version);
    }

    /**
     * Ends the episode. A planned ending comes after the ending phase; an unplanned one can happen
     * at any open stage. Follow-up falls due after the practice's interval.
     */
    Episode end(EndingKind kind, StateAtEnding atEnding, UUID by, Instant now, LocalDate today, Period followUpAfter) {
        require(state.open(), "episode.rule.alreadyEnded");
        require(kind != EndingKind.PLANNED || state == EpisodeState.ENDING, "episode.rule.plannedNeedsEndingPhase");
        return new Episode(id, clientId, therapistId, EpisodeState.ENDED, openedAt, endingDate, now, by, kind,
                atEnding, today.plus(followUpAfter), version);
    }

    /** Follow-up begins when it falls due. */
    Episode startFollowUp(LocalDate today) {
        require(state == EpisodeState.ENDED, "episode.rule.followUpAfterEnd");
        require(followUpDue != null && !today.isBefore(followUpDue), "episode.rule.followUpNotDue");
        return withState(EpisodeState.FOLLOW_UP);
    }

    /** The steps a therapist can take from here, for the page to offer. */
    public Set<EpisodeState> nextStates() {
        return switch (state) {
            case INTAKE -> Set.of(EpisodeState.ASSESSMENT, EpisodeState.ENDED);
            case ASSESSMENT -> Set.of(EpisodeState.ACTIVE, EpisodeState.ENDED);
            case ACTIVE -> Set.of(EpisodeState.ENDING, EpisodeState.ENDED);
            case ENDING -> Set.of(EpisodeState.ENDED);
            case ENDED -> Set.of(EpisodeState.FOLLOW_UP);
            case FOLLOW_UP -> Set.of();
        };
    }

    private Episode withState(EpisodeState next) {
        return new Episode(id, clientId, therapistId, next, openedAt, endingDate, endedAt, endedBy, endingKind,
                stateAtEnding, followUpDue, version);
    }

    private static void require(boolean condition, String messageKey) {
        if (!condition) {
            throw new EpisodeRuleViolation(messageKey);
        }
    }
}
