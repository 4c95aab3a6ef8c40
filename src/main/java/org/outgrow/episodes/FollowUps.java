package org.outgrow.episodes;

import java.time.Clock;
import java.time.LocalDate;

import org.outgrow.practice.Practice;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Moves ended episodes into follow-up when it falls due (by default three months after the end),
 * practice by practice, in each practice's time zone. Safe on several nodes: an episode that
 * another node moved first fails its version check and is left alone.
 */
@Component
class FollowUps {

    private final Practices practices;
    private final Episodes episodes;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    FollowUps(Practices practices, Episodes episodes, TransactionTemplate transactions,
              ApplicationEventPublisher events, Clock clock) {
        this.practices = practices;
        this.episodes = episodes;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    @Scheduled(cron = "${outgrow.episodes.follow-up-check:0 7 * * * *}")
    void startDueFollowUps() {
        for (Practice practice : practices.all()) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), practice.timeZone());
            Tenancy.run(Tenancy.Context.of(practice.id()), () -> {
                for (Episode due : transactions.execute(status -> episodes.followUpsDue(today))) {
                    try {
                        transactions.executeWithoutResult(status -> {
                            episodes.update(due.startFollowUp(today));
                            events.publishEvent(AuditEvent.write("EPISODE_FOLLOW_UP", "episode", due.id(),
                                    due.clientId()));
                        });
                    } catch (Episodes.ConcurrentChange e) {
                        // another node was first
                    }
                }
            });
        }
    }
}
