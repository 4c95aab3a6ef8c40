package org.outgrow.notes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.practice.DemoPracticeCreated;
import org.outgrow.shared.Tenancy;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo's notes: a signed progress note with an addendum and a draft for Robin, and for Priya a
 * withdrawal rupture, partly repaired. Tags of relational dynamics and process notes belong to
 * their author alone (a row policy checks the account), so they are written after the demo
 * practice has committed, in a transaction of their own under each therapist's account: Priya's
 * therapist has noted the urge to rescue in three sessions while she is not on track, which
 * brings the supervision prompt, and a process note about it.
 */
@Component
class DemoNotes {

    private final Clients clients;
    private final Episodes episodes;
    private final ProgressNotes notes;
    private final Dynamics dynamics;
    private final Clock clock;
    private final ProcessNotes processNotes;
    private final TransactionTemplate ownTransaction;

    DemoNotes(Clients clients, Episodes episodes, ProgressNotes notes, Dynamics dynamics, Clock clock,
              ProcessNotes processNotes, PlatformTransactionManager transactions) {
        this.clients = clients;
        this.episodes = episodes;
        this.notes = notes;
        this.dynamics = dynamics;
        this.clock = clock;
        this.processNotes = processNotes;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Each therapist's private notes, written as that therapist once the practice exists. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void afterCommit(DemoPracticeCreated demo) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        for (var therapist : demo.therapists()) {
            Tenancy.run(Tenancy.Context.of(demo.practice(), therapist), () -> ownTransaction.executeWithoutResult(
                    status -> {
                        for (Client client : clients.ofTherapist(therapist)) {
                            UUID episode = episodes.ofClient(client.id()).getFirst().id();
                            if (client.displayName().equals("Priya Natarajan")) {
                                dynamics.tag(episode, therapist, today.minusWeeks(3),
                                        List.of("DO_IT_FOR_ME", "URGE_TO_RESCUE", "EXPLORED"), now);
                                dynamics.tag(episode, therapist, today.minusWeeks(2),
                                        List.of("TAKE_CARE_OF_ME", "OVER_FUNCTIONING"), now);
                                dynamics.tag(episode, therapist, today.minusWeeks(1),
                                        List.of("DO_IT_FOR_ME", "URGE_TO_RESCUE", "NAMED"), now);
                                processNotes.write(episode, therapist, "Third week I have caught myself writing"
                                        + " her plan for her. She lights up when I do and goes flat when I hand it"
                                        + " back. Take to supervision: whose anxiety is the plan for?",
                                        now.minus(Duration.ofDays(7)));
                            }
                            if (client.displayName().equals("Robin Hale")) {
                                dynamics.tag(episode, therapist, today.minusWeeks(1),
                                        List.of("SEEKING_AFFIRMATION", "EXPLORED"), now);
                            }
                        }
                    }));
        }
    }

    @EventListener
    @Order(5)
    void on(DemoPracticeCreated demo) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        for (var therapist : demo.therapists()) {
            for (Client client : clients.ofTherapist(therapist)) {
                Episode episode = episodes.ofClient(client.id()).getFirst();
                if (client.displayName().equals("Robin Hale")) {
                    var signed = notes.draft(episode.id(), null, therapist, "Robin described saying no to a weekend"
                            + " shift for the first time; anxious beforehand, relieved after. We looked at the guilt"
                            + " that followed and where it comes from.", now.minus(Duration.ofDays(7)));
                    notes.sign(episode.id(), signed, 0, now.minus(Duration.ofDays(7)));
                    notes.addendum(signed, therapist, "Robin wrote the next day that the guilt had passed by evening.",
                            now.minus(Duration.ofDays(6)));
                    notes.draft(episode.id(), null, therapist, "Sleep better this week. To continue: the rumination"
                            + " diary.", now.minus(Duration.ofHours(20)));
                }
                if (client.displayName().equals("Priya Natarajan")) {
                    dynamics.rupture(episode.id(), today.minusWeeks(1), Dynamics.NoticedBy.THERAPIST,
                            Dynamics.Kind.WITHDRAWAL, Dynamics.Repair.PARTLY, "Named that she went quiet after I"
                                    + " suggested a task; she said it felt like homework from school.", therapist, now);
                }
            }
        }
    }
}
