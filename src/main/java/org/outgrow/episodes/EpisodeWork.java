package org.outgrow.episodes;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of an episode as its two people take them. Each step checks that the person may
 * touch the episode (the therapist assigned to it, or the client whose episode it is), applies
 * the domain rule, saves, and records the step in the audit log, in one transaction.
 */
@Service
public class EpisodeWork {

    private final Episodes episodes;
    private final Foci foci;
    private final Reviews reviews;
    private final AttendanceCounts attendance;
    private final Clients clients;
    private final Practices practices;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final EpisodeRules rules;
    private final ChangeEvidence evidence;

    EpisodeWork(Episodes episodes, Foci foci, Reviews reviews, AttendanceCounts attendance, Clients clients,
                Practices practices, ApplicationEventPublisher events, Clock clock, EpisodeRules rules,
                ChangeEvidence evidence) {
        this.rules = rules;
        this.evidence = evidence;
        this.episodes = episodes;
        this.foci = foci;
        this.reviews = reviews;
        this.attendance = attendance;
        this.clients = clients;
        this.practices = practices;
        this.events = events;
        this.clock = clock;
    }

    /** Thrown when the person may not see the episode, focus or client: answered as "not found". */
    public static final class NotYours extends org.springframework.web.server.ResponseStatusException {
        public NotYours() {
            super(org.springframework.http.HttpStatus.NOT_FOUND);
        }
    }

    // --- the therapist's steps -------------------------------------------------------------

    @Transactional
    public UUID open(UUID clientId, OutgrowUser therapist) {
        Client client = clients.findForChange(clientId) // locked: an erasure request cannot slip in between
                .filter(found -> therapist.accountId().equals(found.therapistId()))
                .orElseThrow(() -> denied("client", clientId));
        Episode episode = Episode.open(Ids.next(), client.id(), therapist.accountId(), clock.instant());
        try {
            episodes.insert(episode);
        } catch (DuplicateKeyException e) {
            throw new EpisodeRuleViolation("episode.rule.oneOpen");
        }
        events.publishEvent(AuditEvent.write("EPISODE_OPENED", "episode", episode.id(), client.id()));
        return episode.id();
    }

    @Transactional(readOnly = true)
    public Episode forTherapist(UUID episodeId, OutgrowUser therapist) {
        Episode episode = episodes.inCareOf(episodeId, therapist.accountId())
                .orElseThrow(() -> denied("episode", episodeId));
        events.publishEvent(AuditEvent.read("EPISODE_VIEWED", "episode", episodeId, episode.clientId()));
        return episode;
    }

    /**
     * The therapist's episode, for a change that is audited itself (a submission, say): unlike
     * {@link #forTherapist}, it records no view, since nobody looked at the episode.
     */
    @Transactional(readOnly = true)
    public Episode toChange(UUID episodeId, OutgrowUser therapist) {
        return ownedByTherapist(episodeId, therapist);
    }

    /** The therapist's newest open episode with a client in their care, to record something in; empty when none. */
    @Transactional(readOnly = true)
    public Optional<Episode> openToChange(UUID clientId, OutgrowUser therapist) {
        return episodes.openInCareOf(clientId, therapist.accountId());
    }

    @Transactional(readOnly = true)
    public Client clientOfTherapist(UUID clientId, OutgrowUser therapist) {
        return clients.find(clientId).filter(found -> therapist.accountId().equals(found.therapistId()))
                .orElseThrow(() -> denied("client", clientId));
    }

    @Transactional(readOnly = true)
    public List<Episode> episodesOfClient(UUID clientId, OutgrowUser therapist) {
        clientOfTherapist(clientId, therapist);
        return episodes.ofClient(clientId).stream()
                .filter(episode -> episode.therapistId().equals(therapist.accountId())).toList();
    }

    /** The next state, with what that step needs; an illegal step is an {@link EpisodeRuleViolation}. */
    @Transactional
    public void moveTo(UUID episodeId, EpisodeState target, @Nullable LocalDate endingDate,
                       Episode.@Nullable EndingKind kind, Episode.@Nullable StateAtEnding atEnding,
                       OutgrowUser therapist) {
        Episode episode = ownedByTherapist(episodeId, therapist);
        LocalDate today = today();
        Episode next = switch (target) {
            case ASSESSMENT -> episode.startAssessment();
            case ACTIVE -> episode.activate(!episodes.agreements(episodeId).isEmpty(),
                    (int) foci.ofEpisode(episodeId).stream().filter(ChangeFocus::goal).count());
            case ENDING -> episode.beginEnding(require(endingDate, "episode.rule.endingDateNeeded"), today);
            case ENDED -> episode.end(require(kind, "episode.rule.endingKindNeeded"),
                    require(atEnding, "episode.rule.stateAtEndingNeeded"), therapist.accountId(), clock.instant(),
                    today, rules.current().followUpAfter());
            case FOLLOW_UP -> episode.startFollowUp(today);
            case INTAKE -> throw new EpisodeRuleViolation("episode.rule.noWayBack");
        };
        episodes.update(next);
        events.publishEvent(AuditEvent.write("EPISODE_" + target.name(), "episode", episodeId, episode.clientId()));
    }

    @Transactional
    public void agree(UUID episodeId, AgreementTerms terms, @Nullable String reason, OutgrowUser therapist) {
        Episode episode = ownedByTherapist(episodeId, therapist);
        if (!episode.state().open()) {
            throw new EpisodeRuleViolation("agreement.rule.episodeClosed");
        }
        List<Episodes.AgreementVersion> versions = episodes.agreements(episodeId);
        if (!versions.isEmpty() && (reason == null || reason.isBlank())) {
            throw new EpisodeRuleViolation("agreement.rule.reasonNeeded");
        }
        int number = versions.isEmpty() ? 1 : versions.getFirst().number() + 1;
        episodes.insertAgreement(episodeId, number, terms, reason == null || reason.isBlank() ? null : reason.strip(),
                therapist.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("AGREEMENT_VERSION_" + number, "episode", episodeId, episode.clientId()));
    }

    @Transactional
    public void recordFocus(UUID episodeId, String clientsWords, OutgrowUser therapist) {
        Episode episode = ownedByTherapist(episodeId, therapist);
        propose(episode, clientsWords, ChangeFocus.Author.THERAPIST, therapist);
    }

    @Transactional
    public void changeFocus(UUID episodeId, UUID focusId, UnaryOperator<ChangeFocus> step, String action,
                            OutgrowUser therapist) {
        Episode episode = ownedByTherapist(episodeId, therapist);
        ChangeFocus focus = focusOf(episode, focusId);
        foci.update(step.apply(focus));
        events.publishEvent(AuditEvent.write("FOCUS_" + action, "change_focus", focusId, episode.clientId()));
    }

    /**
     * A review at a review point: it records the attended sessions at the time and a decision
     * (continue, revise the agreement, begin the ending phase, refer), with an optional note.
     */
    @Transactional
    public void review(UUID episodeId, Reviews.Decision decision, @Nullable String note, OutgrowUser therapist) {
        Episode episode = ownedByTherapist(episodeId, therapist);
        if (episode.state() != EpisodeState.ACTIVE && episode.state() != EpisodeState.ENDING) {
            throw new EpisodeRuleViolation("review.rule.duringTheWork");
        }
        reviews.insert(episodeId, attendance.attended(episodeId), decision,
                note == null || note.isBlank() ? null : note.strip(),
                evidence.of(episodeId, LocaleContextHolder.getLocale()), therapist.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("REVIEW_" + decision.name(), "episode", episodeId, episode.clientId()));
    }

    @Transactional(readOnly = true)
    public List<Reviews.Review> reviews(UUID episodeId) {
        return reviews.ofEpisode(episodeId);
    }

    /**
     * Review due and drift, from the agreement versions and reviews the caller has already read
     * (newest first) and the attended sessions.
     */
    @Transactional(readOnly = true)
    public ReviewSchedule schedule(UUID episodeId, List<Episodes.AgreementVersion> agreements,
                                   List<Reviews.Review> held) {
        return new ReviewSchedule(attendance.attended(episodeId),
                agreements.isEmpty() ? Integer.MAX_VALUE : agreements.getFirst().reviewEverySessions(),
                agreements.isEmpty() ? null : agreements.getFirst().plannedSessions(),
                held.isEmpty() ? 0 : held.getFirst().attendedSessions());
    }

    /**
     * Whether an active episode has gone quiet: no attended session for the practice's interval
     * (four weeks by default), counted from the last attended session or the start of the work.
     * The therapist is prompted to reach out or to record an unplanned ending.
     */
    /** What the measures say now, for the review section of the episode page. */
    @Transactional(readOnly = true)
    public ChangeEvidence.Evidence evidence(UUID episodeId) {
        return evidence.of(episodeId, LocaleContextHolder.getLocale());
    }

    /**
     * Drift without change: the practice's number of sessions attended (12 unless it set another)
     * and no questionnaire shows reliable improvement. Unknowable, so false, while nothing has
     * been measured twice.
     */
    public boolean withoutChange(int attended, ChangeEvidence.Evidence measures) {
        return attended >= rules.current().sessionsWithoutChange() && measures.measured()
                && !measures.reliablyImproved();
    }

    public int sessionsWithoutChange() {
        return rules.current().sessionsWithoutChange();
    }

    /** The interval after which an active episode without attended sessions counts as quiet, in days. */
    public long quietDays() {
        return rules.current().quietAfter().toDays();
    }

    @Transactional(readOnly = true)
    public boolean quiet(Episode episode) {
        if (episode.state() != EpisodeState.ACTIVE) {
            return false;
        }
        java.time.Instant since = attendance.lastAttended(episode.id()).orElse(episode.openedAt());
        return clock.instant().isAfter(since.plus(rules.current().quietAfter()));
    }

    // --- the client's steps ----------------------------------------------------------------

    /** The client's episodes, newest first; empty when they have none (or no client record). */
    @Transactional(readOnly = true)
    public List<Episode> ofClientAccount(OutgrowUser client) {
        return clients.ofAccount(client.accountId()).map(found -> episodes.ofClient(found.id())).orElse(List.of());
    }

    @Transactional(readOnly = true)
    public Episode forClient(UUID episodeId, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        events.publishEvent(AuditEvent.read("EPISODE_VIEWED_BY_CLIENT", "episode", episodeId, episode.clientId()));
        return episode;
    }

    @Transactional
    public void writeFocus(UUID episodeId, String ownWords, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        propose(episode, ownWords, ChangeFocus.Author.CLIENT, client);
    }

    @Transactional
    public void answer(UUID episodeId, UUID focusId, boolean wantsChange, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        foci.update(focusOf(episode, focusId).clientAnswers(wantsChange));
        events.publishEvent(AuditEvent.write("FOCUS_CLIENT_ANSWERED", "change_focus", focusId, episode.clientId()));
    }

    /** The client rates a goal 0–10: the first rating is the baseline, later ones review progress. */
    @Transactional
    public void rate(UUID episodeId, UUID focusId, int rating, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        ChangeFocus focus = focusOf(episode, focusId);
        if (!focus.goal() || rating < 0 || rating > 10) {
            throw new EpisodeRuleViolation("goal.rule.rateGoalsZeroToTen");
        }
        boolean first = foci.ratingsOfEpisode(episodeId).stream().noneMatch(r -> r.focusId().equals(focusId));
        foci.rate(focusId, rating, first ? "BASELINE" : "REVIEW", client.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("GOAL_RATED", "change_focus", focusId, episode.clientId()));
    }

    @Transactional
    public void acknowledge(UUID episodeId, int number, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        if (episodes.acknowledge(episodeId, number, client.accountId(), clock.instant())) {
            events.publishEvent(AuditEvent.write("AGREEMENT_ACKNOWLEDGED", "episode", episodeId, episode.clientId()));
        } else if (episodes.agreements(episodeId).stream().noneMatch(version -> version.number() == number)) {
            throw denied("agreement_version", episodeId); // no such version: nothing was acknowledged
        }
    }

    /** The client's own plan of what they carry forward, written during the ending phase. */
    @Transactional
    public void carryForward(UUID episodeId, String plan, OutgrowUser client) {
        Episode episode = ownedByClient(episodeId, client);
        if (episode.state() != EpisodeState.ENDING) {
            throw new EpisodeRuleViolation("ending.rule.planDuringEnding");
        }
        episodes.saveCarryForward(episodeId, plan.strip());
        events.publishEvent(AuditEvent.write("CARRY_FORWARD_WRITTEN", "episode", episodeId, episode.clientId()));
    }

    // --- reading ---------------------------------------------------------------------------

    @Transactional(readOnly = true)
    public List<ChangeFocus> foci(UUID episodeId) {
        return foci.ofEpisode(episodeId);
    }

    /** Each goal's ratings, oldest first. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, List<Foci.Rating>> ratings(UUID episodeId) {
        return foci.ratingsOfEpisode(episodeId).stream()
                .collect(java.util.stream.Collectors.groupingBy(Foci.Rating::focusId));
    }

    @Transactional(readOnly = true)
    public List<Episodes.AgreementVersion> agreements(UUID episodeId) {
        return episodes.agreements(episodeId);
    }

    @Transactional(readOnly = true)
    public String carryForward(UUID episodeId) {
        return episodes.carryForward(episodeId).orElse("");
    }

    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    /** The practice's time zone, in which dates are shown and "today" is reckoned. */
    public java.time.ZoneId zone() {
        return practices.current().timeZone();
    }

    // ---------------------------------------------------------------------------------------

    private void propose(Episode episode, String words, ChangeFocus.Author author, OutgrowUser by) {
        if (!episode.state().open()) {
            throw new EpisodeRuleViolation("focus.rule.episodeClosed");
        }
        ChangeFocus focus = ChangeFocus.propose(Ids.next(), episode.id(), words, author);
        foci.insert(focus, by.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("FOCUS_PROPOSED", "change_focus", focus.id(), episode.clientId()));
    }

    private Episode ownedByTherapist(UUID episodeId, OutgrowUser therapist) {
        return episodes.inCareOf(episodeId, therapist.accountId()).orElseThrow(() -> denied("episode", episodeId));
    }

    private Episode ownedByClient(UUID episodeId, OutgrowUser client) {
        UUID clientId = clients.ofAccount(client.accountId()).map(Client::id).orElseThrow(() -> denied("episode",
                episodeId));
        return episodes.find(episodeId).filter(found -> found.clientId().equals(clientId))
                .orElseThrow(() -> denied("episode", episodeId));
    }

    private ChangeFocus focusOf(Episode episode, UUID focusId) {
        return foci.ofEpisode(episode.id()).stream().filter(focus -> focus.id().equals(focusId)).findFirst()
                .orElseThrow(() -> denied("change_focus", focusId));
    }

    private NotYours denied(String type, UUID id) {
        events.publishEvent(AuditEvent.denied(type, id.toString()));
        return new NotYours();
    }

    private static <T> T require(@Nullable T value, String messageKey) {
        if (value == null) {
            throw new EpisodeRuleViolation(messageKey);
        }
        return value;
    }
}
