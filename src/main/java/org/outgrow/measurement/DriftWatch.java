package org.outgrow.measurement;

import java.util.Locale;
import java.util.UUID;

import org.outgrow.episodes.AttendanceCounts;
import org.outgrow.episodes.ChangeEvidence;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Episodes;
import org.outgrow.episodes.ReviewSchedule;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Opens a drift alert for an episode in the agreed work that has run past its planned sessions
 * without a review, or that has reached the practice's number of sessions (12 unless it set
 * another) with no questionnaire showing reliable improvement. One open drift alert per episode;
 * safe on several nodes for the same reason. Once one has been opened, the next waits until that
 * number of sessions has been attended since, so an alert the therapist resolved stays resolved
 * for the sessions it was about.
 */
@Component
class DriftWatch {

    private final Practices practices;
    private final Episodes episodes;
    private final EpisodeWork episodeWork;
    private final ChangeEvidence evidence;
    private final AlertRules alertRules;
    private final Alerts alerts;
    private final AttendanceCounts attendance;
    private final TenantTransactions transactions;

    DriftWatch(Practices practices, Episodes episodes, EpisodeWork episodeWork, ChangeEvidence evidence,
               AlertRules alertRules, Alerts alerts, AttendanceCounts attendance, TenantTransactions transactions) {
        this.practices = practices;
        this.episodes = episodes;
        this.episodeWork = episodeWork;
        this.evidence = evidence;
        this.alertRules = alertRules;
        this.alerts = alerts;
        this.attendance = attendance;
        this.transactions = transactions;
    }

    @Scheduled(cron = "${outgrow.measurement.drift-watch:0 17 * * * *}")
    void run() {
        for (Practice practice : practices.all()) {
            run(practice);
        }
    }

    void run(Practice practice) {
        Tenancy.Context context = Tenancy.Context.of(practice.id());
        for (Episode episode : transactions.call(context, () -> episodes.inState(EpisodeState.ACTIVE))) {
            transactions.run(context, () -> {
                ReviewSchedule schedule = episodeWork.schedule(episode.id(), episodeWork.agreements(episode.id()),
                        episodeWork.reviews(episode.id()));
                boolean drifting = schedule.drifting() || episodeWork.withoutChange(schedule.attended(),
                        evidence.of(episode.id(), Locale.ROOT));
                if (drifting && !raisedForTheseSessions(episode.id())) {
                    alertRules.open(episode, Alert.Kind.DRIFT, null, null);
                }
            });
        }
    }

    /** A drift alert was opened, and perhaps resolved, fewer than the practice's number of sessions ago. */
    private boolean raisedForTheseSessions(UUID episodeId) {
        return alerts.lastOpened(episodeId, Alert.Kind.DRIFT)
                .filter(last -> attendance.attendedSince(episodeId, last) < episodeWork.sessionsWithoutChange())
                .isPresent();
    }
}
