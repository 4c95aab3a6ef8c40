package org.outgrow.episodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EpisodeTest {

    private final Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final LocalDate today = LocalDate.parse("2026-11-23");
    private final UUID therapist = UUID.randomUUID();

    private Episode intake() {
        return Episode.open(UUID.randomUUID(), UUID.randomUUID(), therapist, now);
    }

    private Episode active() {
        return intake().startAssessment().activate(true, 1);
    }

    @Test
    void runsTheWholeCourseFromIntakeToFollowUp() {
        Episode ended = active().beginEnding(today.plusWeeks(4), today)
                .end(Episode.EndingKind.PLANNED, Episode.StateAtEnding.IMPROVED, therapist, now, today, Period.ofMonths(3));
        assertThat(ended.state()).isEqualTo(EpisodeState.ENDED);
        assertThat(ended.followUpDue()).isEqualTo(today.plusMonths(3));
        assertThat(ended.endedBy()).isEqualTo(therapist);
        assertThat(ended.startFollowUp(today.plusMonths(3)).state()).isEqualTo(EpisodeState.FOLLOW_UP);
    }

    @Test
    void theWorkBeginsOnlyWithAnAgreementAndAGoal() {
        Episode assessment = intake().startAssessment();
        assertRefused(() -> assessment.activate(false, 2), "episode.rule.activeNeedsAgreement");
        assertRefused(() -> assessment.activate(true, 0), "episode.rule.activeNeedsGoal");
        assertThat(assessment.activate(true, 1).state()).isEqualTo(EpisodeState.ACTIVE);
    }

    @Test
    void stepsCannotBeSkipped() {
        assertRefused(() -> intake().activate(true, 1), "episode.rule.activeFromAssessment");
        assertRefused(() -> intake().beginEnding(today, today), "episode.rule.endingFromActive");
        assertRefused(() -> active().startAssessment(), "episode.rule.assessmentFromIntake");
        assertRefused(() -> active().startFollowUp(today), "episode.rule.followUpAfterEnd");
    }

    @Test
    void aPlannedEndingNeedsTheEndingPhase() {
        assertRefused(() -> active().end(Episode.EndingKind.PLANNED, Episode.StateAtEnding.UNCHANGED, therapist, now,
                today, Period.ofMonths(3)), "episode.rule.plannedNeedsEndingPhase");
    }

    @ParameterizedTest
    @EnumSource(value = Episode.EndingKind.class, names = "PLANNED", mode = EnumSource.Mode.EXCLUDE)
    void anUnplannedEndingCanHappenAtAnyOpenStage(Episode.EndingKind kind) {
        for (Episode open : new Episode[] {intake(), intake().startAssessment(), active(),
                active().beginEnding(today, today)}) {
            assertThat(open.end(kind, Episode.StateAtEnding.UNCHANGED, therapist, now, today, Period.ofMonths(3))
                    .state()).isEqualTo(EpisodeState.ENDED);
        }
    }

    @Test
    void anEndedEpisodeCannotEndAgainAndFollowUpWaitsUntilDue() {
        Episode ended = intake().end(Episode.EndingKind.DROPPED_OUT, Episode.StateAtEnding.UNCHANGED, therapist, now,
                today, Period.ofMonths(3));
        assertRefused(() -> ended.end(Episode.EndingKind.REFERRED, Episode.StateAtEnding.UNCHANGED, therapist, now,
                today, Period.ofMonths(3)), "episode.rule.alreadyEnded");
        assertRefused(() -> ended.startFollowUp(today.plusMonths(3).minusDays(1)), "episode.rule.followUpNotDue");
    }

    @Test
    void theEndingDateCannotLieInThePast() {
        assertRefused(() -> active().beginEnding(today.minusDays(1), today), "episode.rule.endingDateInPast");
    }

    @Test
    void offersExactlyTheStepsItAllows() {
        assertThat(intake().nextStates()).containsExactlyInAnyOrder(EpisodeState.ASSESSMENT, EpisodeState.ENDED);
        assertThat(active().nextStates()).containsExactlyInAnyOrder(EpisodeState.ENDING, EpisodeState.ENDED);
    }

    static void assertRefused(Runnable step, String messageKey) {
        assertThatThrownBy(step::run).isInstanceOf(EpisodeRuleViolation.class)
                .satisfies(e -> assertThat(((EpisodeRuleViolation) e).messageKey()).isEqualTo(messageKey));
    }
}
