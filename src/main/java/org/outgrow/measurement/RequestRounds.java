package org.outgrow.measurement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.outgrow.clients.Intake;
import org.outgrow.clients.MeasurementConsent;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.sessions.Appointment;
import org.outgrow.sessions.Appointments;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The regular round through every practice's questionnaires: asks what the schedules say is due,
 * e-mails links when a request falls due, reminds once, expires what nobody answered in time and
 * opens an overdue alert. Safe on several nodes and on repeated runs: each moment is asked once
 * (a unique key per moment), and links and reminders are claimed by a conditional update.
 */
@Component
class RequestRounds {

    /** A questionnaire before a session is asked two days ahead and may be answered until a day after. */
    static final Duration BEFORE_SESSION_LEAD = Duration.ofDays(2);
    static final Duration ANSWER_WINDOW = Duration.ofDays(7);
    static final Duration REMIND_AFTER = Duration.ofDays(2);
    static final Duration OVERDUE_AFTER = Duration.ofDays(3);

    private final Practices practices;
    private final Schedules schedules;
    private final MeasureRequests requests;
    private final RequestLinks links;
    private final Episodes episodes;
    private final EpisodeWork episodeWork;
    private final Appointments appointments;
    private final AlertRules alertRules;
    private final TenantTransactions transactions;
    private final Responses responses;
    private final Intake intake;
    private final Clock clock;

    RequestRounds(Practices practices, Schedules schedules, MeasureRequests requests, RequestLinks links,
                  Episodes episodes, EpisodeWork episodeWork, Appointments appointments, AlertRules alertRules,
                  TenantTransactions transactions, Responses responses, Intake intake, Clock clock) {
        this.responses = responses;
        this.intake = intake;
        this.practices = practices;
        this.schedules = schedules;
        this.requests = requests;
        this.links = links;
        this.episodes = episodes;
        this.episodeWork = episodeWork;
        this.appointments = appointments;
        this.alertRules = alertRules;
        this.transactions = transactions;
        this.clock = clock;
    }

    @Scheduled(cron = "${outgrow.measurement.request-round:0 */10 * * * *}")
    void run() {
        for (Practice practice : practices.all()) {
            run(practice);
        }
    }

    void run(Practice practice) {
        Tenancy.Context context = Tenancy.Context.of(practice.id());
        for (Schedules.Schedule schedule : transactions.call(context, schedules::live)) {
            transactions.run(context, () -> ask(schedule));
        }
        for (FollowUpAsk ask : transactions.call(context, this::notYetAskedAtFollowUp)) {
            transactions.run(context, () -> askAtFollowUp(ask.episode(), ask.instruments()));
        }
        transactions.run(context, () -> {
            Instant now = clock.instant();
            for (MeasureRequest due : requests.claimUnsent(now)) {
                links.send(due.id(), due.clientId(), false);
            }
            for (MeasureRequest late : requests.claimReminders(now.minus(REMIND_AFTER), now)) {
                links.send(late.id(), late.clientId(), true);
            }
            requests.expire(now);
        });
        transactions.run(context, () -> {
            Instant now = clock.instant();
            for (MeasureRequest overdue : requests.claimOverdue(now.minus(OVERDUE_AFTER), now)) {
                episodes.find(overdue.episodeId()).ifPresent(episode ->
                        alertRules.open(episode, Alert.Kind.OVERDUE, overdue.instrument(), null));
            }
        });
    }

    private void ask(Schedules.Schedule schedule) {
        Episode episode = episodes.find(schedule.episodeId()).orElseThrow();
        Instant now = clock.instant();
        switch (schedule.occasion()) {
            case BEFORE_SESSION -> {
                for (Appointment appointment : appointments.ofEpisode(episode.id())) {
                    boolean soon = appointment.attendance() == Appointment.Attendance.SCHEDULED
                            && appointment.startsAt().isAfter(now)
                            && appointment.startsAt().isBefore(now.plus(BEFORE_SESSION_LEAD));
                    if (soon) {
                        create(episode, schedule, "BEFORE_SESSION:" + appointment.id(), now, appointment.startsAt(),
                                appointment.startsAt().plus(Duration.ofDays(1)));
                    }
                }
            }
            case EVERY_N_DAYS -> {
                Duration every = Duration.ofDays(schedule.everyDays());
                long period = Duration.between(schedule.createdAt(), now).dividedBy(every);
                Instant due = schedule.createdAt().plus(every.multipliedBy(period));
                create(episode, schedule, "EVERY_N_DAYS:" + period, now, due, due.plus(ANSWER_WINDOW));
            }
            case AT_REVIEW -> {
                var review = episodeWork.schedule(episode.id(), episodeWork.agreements(episode.id()),
                        episodeWork.reviews(episode.id()));
                if (episode.state() == EpisodeState.ACTIVE && review.reviewDue()) {
                    create(episode, schedule, "AT_REVIEW:" + review.attended(), now, now, now.plus(ANSWER_WINDOW));
                }
            }
            case AT_ENDING -> {
                if (episode.state() == EpisodeState.ENDING) {
                    create(episode, schedule, "AT_ENDING", now, now, now.plus(ANSWER_WINDOW));
                }
            }
            case FOLLOW_UP -> {
                if (episode.state() == EpisodeState.FOLLOW_UP) {
                    create(episode, schedule, "FOLLOW_UP", now, now, now.plus(ANSWER_WINDOW.multipliedBy(2)));
                }
            }
            default -> throw new IllegalStateException("Not a scheduled occasion: " + schedule.occasion());
        }
    }

    private record FollowUpAsk(Episode episode, List<String> instruments) {
    }

    /**
     * Follow-up asks again every questionnaire scored during the episode, without a schedule: the
     * follow-up check-in is part of every ending. Only what no follow-up request asks yet, found
     * for all episodes in follow-up in one statement: episodes stay in follow-up for good, and a
     * round that looked at each of them again made thousands of transactions that asked nothing
     * (docs/benchmarks.md).
     */
    private List<FollowUpAsk> notYetAskedAtFollowUp() {
        Map<UUID, Episode> inFollowUp = new HashMap<>();
        episodes.inState(EpisodeState.FOLLOW_UP).forEach(episode -> inFollowUp.put(episode.id(), episode));
        List<FollowUpAsk> asks = new ArrayList<>();
        responses.notAskedAtFollowUp(inFollowUp.keySet(), AlertRules.SESSION_FEEDBACK)
                .forEach((episode, instruments) -> asks.add(new FollowUpAsk(inFollowUp.get(episode), instruments)));
        return asks;
    }

    /** The same key as a follow-up schedule, so nothing is asked twice. */
    private void askAtFollowUp(Episode episode, List<String> instruments) {
        Instant now = clock.instant();
        for (String instrument : instruments) {
            create(episode, instrument, Occasion.FOLLOW_UP, "FOLLOW_UP", now, now,
                    now.plus(ANSWER_WINDOW.multipliedBy(2)));
        }
    }

    private void create(Episode episode, Schedules.Schedule schedule, String occasionKey, Instant now, Instant due,
                        Instant expires) {
        create(episode, schedule.instrument(), schedule.occasion(), occasionKey, now, due, expires);
    }

    /** Asks unless the client has withdrawn their consent to measurement since. */
    private void create(Episode episode, String instrument, Occasion occasion, String occasionKey, Instant now,
                        Instant due, Instant expires) {
        if (intake.consent(episode.clientId()).map(MeasurementConsent::given).orElse(false)) {
            requests.create(episode.id(), episode.clientId(), instrument, occasion, occasionKey, now, due, expires);
        }
    }
}
