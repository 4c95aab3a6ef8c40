package org.outgrow.measurement;

import java.util.List;
import java.util.Objects;

/**
 * The NHS Talking Therapies outcome of an episode from the first and last paired scores on a
 * depression measure (PHQ-9) and an anxiety measure (GAD-7, or the anxiety-disorder-specific
 * measure that replaces it), taken at the same time points. Thresholds come from the instrument
 * definitions (PHQ-9: caseness 10, reliable change 6; GAD-7: caseness 8, reliable change 4), so an
 * anxiety-disorder-specific measure can take GAD-7's place without changing this class.
 *
 * <p>The rules (docs/adr/0005):
 * <ul>
 * <li><b>Finished treatment</b>: at least two attended treatment sessions (NHS England Fingertips
 * glossary, "finished a course of treatment").</li>
 * <li><b>Eligible for recovery</b>: finished treatment and at caseness at the first paired score on
 * either measure (PMC8411661 Table 1; MindStep Table 1).</li>
 * <li><b>Recovered</b>: eligible, and below caseness on both measures at the last paired score.</li>
 * <li><b>Reliable improvement</b>: a reliable decrease on at least one measure and no reliable
 * deterioration on any measure.</li>
 * <li><b>Reliable deterioration</b>: a reliable increase on at least one measure, whatever the
 * other measure did.</li>
 * <li><b>Reliable recovery</b>: recovered and reliable improvement (MindStep Table 1).</li>
 * <li><b>No reliable change</b>: neither reliable improvement nor reliable deterioration.</li>
 * </ul>
 *
 * <p>The adult NHS Talking Therapies wording of the mixed case (one measure reliably better, the
 * other reliably worse) could not be checked against the NHS Talking Therapies manual or the NHS
 * Digital KPI definitions. The rule here is the one NHS England publishes as code for its
 * children and young people's outcome statistics (NHSDigital/mental-health-monthly-statistics,
 * {@code cyp_outcomes_prep.py}, table {@code cyp_meaningful_change}): improvement needs no
 * deterioration on any measure; deterioration on any measure is deterioration. A client who
 * reliably improves on one measure and reliably worsens on the other therefore reads as
 * deteriorated, never as improved or unchanged, which is the cautious reading for a clinician.
 *
 * <p>Reliable improvement, deterioration and no change are worked out whatever the number of
 * sessions and whether or not the client was at caseness; NHS figures count them only for
 * finished treatments, which {@link #finishedTreatment()} tells. Recovery and reliable recovery
 * are only ever true for episodes eligible for recovery.
 */
public record PairedOutcome(boolean finishedTreatment, boolean eligibleForRecovery, boolean recovered,
                            boolean reliableImprovement, boolean reliableDeterioration, boolean reliableRecovery,
                            boolean noReliableChange) {

    /** Minimum attended treatment sessions for a finished course (NHS England Fingertips glossary). */
    public static final int FINISHED_TREATMENT_SESSIONS = 2;

    /** The depression and anxiety totals at one time point. */
    public record Scores(double depression, double anxiety) {
    }

    /**
     * @throws IllegalArgumentException when either instrument lacks a caseness cut-off or a
     *                                  published reliable-change threshold
     */
    public static PairedOutcome of(Instrument depression, Instrument anxiety, Scores first, Scores last,
                                   int attendedSessions) {
        for (Instrument measure : List.of(depression, anxiety)) {
            if (measure.casenessCutOff() == null || measure.reliableChange() == null) {
                throw new IllegalArgumentException(measure.id()
                        + " needs a caseness cut-off and a published reliable-change threshold for a paired outcome");
            }
        }
        boolean finished = attendedSessions >= FINISHED_TREATMENT_SESSIONS;
        boolean eligible = finished && (atCaseness(depression, first.depression()) || atCaseness(anxiety, first.anxiety()));
        boolean recovered = eligible && !atCaseness(depression, last.depression()) && !atCaseness(anxiety, last.anxiety());
        double depressionImprovement = depression.improvement(first.depression(), last.depression());
        double anxietyImprovement = anxiety.improvement(first.anxiety(), last.anxiety());
        boolean anyReliablyBetter = depressionImprovement >= threshold(depression) || anxietyImprovement >= threshold(anxiety);
        boolean anyReliablyWorse = -depressionImprovement >= threshold(depression) || -anxietyImprovement >= threshold(anxiety);
        boolean improvement = anyReliablyBetter && !anyReliablyWorse;
        return new PairedOutcome(finished, eligible, recovered, improvement, anyReliablyWorse,
                recovered && improvement, !improvement && !anyReliablyWorse);
    }

    private static boolean atCaseness(Instrument instrument, double total) {
        double cutOff = Objects.requireNonNull(instrument.casenessCutOff());
        return instrument.direction() == Instrument.Direction.HIGHER_IS_WORSE ? total >= cutOff : total <= cutOff;
    }

    private static double threshold(Instrument instrument) {
        return Objects.requireNonNull(instrument.reliableChange()).threshold();
    }
}
