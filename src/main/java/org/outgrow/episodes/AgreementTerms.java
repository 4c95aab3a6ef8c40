package org.outgrow.episodes;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What client and therapist agree: how long (a number of sessions or an end date), how often,
 * when to review, and what each side commits to. Returns every problem at once so a form can
 * mark all fields that need attention.
 */
public record AgreementTerms(@Nullable Integer plannedSessions, @Nullable LocalDate plannedEnd, String frequency,
                             int reviewEverySessions, String therapistCommits, String clientCommits) {

    /** Message keys by field name; empty when the terms are complete. */
    List<String[]> problems(LocalDate today) {
        List<String[]> problems = new ArrayList<>();
        if (plannedSessions == null && plannedEnd == null) {
            problems.add(new String[] {"plannedSessions", "agreement.rule.lengthNeeded"});
        }
        if (plannedSessions != null && (plannedSessions < 1 || plannedSessions > 200)) {
            problems.add(new String[] {"plannedSessions", "agreement.rule.sessionsRange"});
        }
        if (plannedEnd != null && plannedEnd.isBefore(today)) {
            problems.add(new String[] {"plannedEnd", "agreement.rule.endInPast"});
        }
        if (reviewEverySessions < 1 || reviewEverySessions > 52) {
            problems.add(new String[] {"reviewEverySessions", "agreement.rule.reviewRange"});
        }
        if (frequency.isBlank()) {
            problems.add(new String[] {"frequency", "agreement.rule.frequencyNeeded"});
        }
        if (therapistCommits.isBlank()) {
            problems.add(new String[] {"therapistCommits", "agreement.rule.commitmentsNeeded"});
        }
        if (clientCommits.isBlank()) {
            problems.add(new String[] {"clientCommits", "agreement.rule.commitmentsNeeded"});
        }
        return problems;
    }
}
