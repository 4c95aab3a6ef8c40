package org.outgrow.supervision;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Reviews;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Role;
import org.outgrow.notes.DynamicsForSupervision;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bringing a case to supervision and holding it. The therapist chooses the supervisor and asks a
 * question; what is brought is the question and a de-identified summary of that moment, with the
 * reviews held while the client was not on track that no supervisor has signed off yet. The
 * supervisor reads only cases brought to them, records what was discussed and the actions agreed,
 * and signs off each of those reviews.
 */
@Service
class SupervisionWork {

    private final EpisodeWork episodes;
    private final SupervisionRequests requests;
    private final CaseSummaries summaries;
    private final Accounts accounts;
    private final DynamicsForSupervision dynamics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SupervisionWork(EpisodeWork episodes, SupervisionRequests requests, CaseSummaries summaries, Accounts accounts,
                    DynamicsForSupervision dynamics, ApplicationEventPublisher events, Clock clock) {
        this.dynamics = dynamics;
        this.episodes = episodes;
        this.requests = requests;
        this.summaries = summaries;
        this.accounts = accounts;
        this.events = events;
        this.clock = clock;
    }

    record Supervisor(UUID id, String name) {
    }

    List<Supervisor> supervisors() {
        return accounts.activeWithRole(Role.SUPERVISOR).stream()
                .map(account -> new Supervisor(account.id(), account.displayName())).toList();
    }

    @Transactional(readOnly = true)
    List<SupervisionRequests.Request> ofEpisode(UUID episodeId, OutgrowUser therapist) {
        episodes.forTherapist(episodeId, therapist);
        return requests.ofEpisode(episodeId);
    }

    @Transactional
    void bring(UUID episodeId, @Nullable UUID supervisor, String question, boolean withDynamics, OutgrowUser therapist,
               Locale locale) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (supervisor == null || supervisors().stream().noneMatch(candidate -> candidate.id().equals(supervisor))) {
            throw new SupervisionRuleViolation("supervision.rule.supervisor");
        }
        if (question.isBlank() || question.length() > 4000) {
            throw new SupervisionRuleViolation("supervision.rule.question");
        }
        Client client = episodes.clientOfTherapist(episode.clientId(), therapist);
        CaseSummaries.Summary summary = summaries.of(episode, client, locale);
        String text = summary.text();
        if (withDynamics) {
            List<String> counted = dynamics.counted(episodeId, therapist.accountId(), locale);
            if (!counted.isEmpty()) {
                text = text + "\n" + String.join("\n", counted);
            }
        }
        UUID id = requests.bring(episodeId, therapist.accountId(), supervisor,
                CaseSummaries.deidentify(question.strip(), client), text, summary.notOnTrack(), clock.instant());
        bringReviewsAwaitingSignOff(id, episodeId, client, locale);
        events.publishEvent(AuditEvent.write("CASE_BROUGHT_TO_SUPERVISION", "supervision_request", id,
                episode.clientId()));
    }

    /**
     * The case leaves the supervisor's sight from their next request on; what was agreed stays with
     * the episode. Whoever holds the episode now may withdraw it, as the client may ask them to.
     */
    @Transactional
    void withdraw(UUID episodeId, UUID requestId, OutgrowUser therapist) {
        Episode episode = episodes.toChange(episodeId, therapist);
        if (!requests.withdraw(requestId, episodeId, clock.instant())) {
            if (requests.ofEpisode(episodeId).stream().noneMatch(request -> request.id().equals(requestId))) {
                throw new EpisodeWork.NotYours();
            }
            throw new SupervisionRuleViolation("supervision.rule.withdrawnAlready");
        }
        events.publishEvent(AuditEvent.write("SUPERVISION_WITHDRAWN", "supervision_request", requestId,
                episode.clientId()));
    }

    /** Reviews held while not on track and not yet signed off, oldest first, as the summaries word them. */
    void bringReviewsAwaitingSignOff(UUID requestId, UUID episodeId, Client client, Locale locale) {
        List<Reviews.Review> notOnTrack = episodes.reviews(episodeId).reversed().stream()
                .filter(review -> review.evidence().notOnTrack()).toList();
        Set<UUID> signed = requests.signedOff(notOnTrack.stream().map(Reviews.Review::id).toList());
        for (Reviews.Review review : notOnTrack) {
            if (!signed.contains(review.id())) {
                requests.bringReview(requestId, review.id(), summaries.ofReview(review, client, locale));
            }
        }
    }

    @Transactional(readOnly = true)
    List<SupervisionRequests.Request> queue(OutgrowUser supervisor) {
        return requests.ofSupervisor(supervisor.accountId());
    }

    @Transactional(readOnly = true)
    SupervisionRequests.Request brought(UUID requestId, OutgrowUser supervisor) {
        SupervisionRequests.Request request = requests.ofSupervisor(supervisor.accountId(), requestId)
                .orElseThrow(EpisodeWork.NotYours::new);
        events.publishEvent(AuditEvent.read("SUPERVISION_CASE_READ", "supervision_request", requestId, null));
        return request;
    }

    @Transactional
    void hold(UUID requestId, @Nullable LocalDate on, String discussion, String actions, OutgrowUser supervisor) {
        brought(requestId, supervisor); // theirs, and the read audited
        if (on == null || on.isAfter(episodes.today())) {
            throw new SupervisionRuleViolation("supervision.rule.date");
        }
        if (actions.isBlank() || actions.length() > 4000 || discussion.length() > 8000) {
            throw new SupervisionRuleViolation("supervision.rule.actions");
        }
        requests.record(requestId, on, discussion.isBlank() ? null : discussion.strip(), actions.strip(),
                supervisor.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("SUPERVISION_RECORDED", "supervision_request", requestId, null));
    }

    /** The supervisor's sign-off of one review brought with this case, once, with an optional comment. */
    @Transactional
    void signOff(UUID requestId, UUID broughtReviewId, String comment, OutgrowUser supervisor) {
        SupervisionRequests.Request request = requests.ofSupervisor(supervisor.accountId(), requestId)
                .orElseThrow(EpisodeWork.NotYours::new);
        if (request.reviews().stream().noneMatch(review -> review.id().equals(broughtReviewId))) {
            throw new EpisodeWork.NotYours();
        }
        if (comment.length() > 4000) {
            throw new SupervisionRuleViolation("supervision.rule.comment");
        }
        if (!requests.signOff(requestId, broughtReviewId, comment.isBlank() ? null : comment.strip(),
                supervisor.accountId(), clock.instant())) {
            throw new SupervisionRuleViolation("supervision.rule.signedOffAlready");
        }
        events.publishEvent(AuditEvent.write("REVIEW_SIGNED_OFF", "supervision_review", broughtReviewId, null));
    }

    java.time.ZoneId zone() {
        return episodes.zone();
    }

    LocalDate today() {
        return episodes.today();
    }
}
