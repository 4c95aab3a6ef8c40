package org.outgrow.measurement;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.clients.Intake;
import org.outgrow.clients.MeasurementConsent;
import org.outgrow.clients.ReferrerSharing;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Tokens;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The measurement steps people take: therapists ask and schedule questionnaires, open the room
 * mode and resolve alerts; clients answer. Who may touch an episode is the episodes module's rule.
 */
@Service
class MeasurementWork {

    /** How long an in-room questionnaire stays open on the therapist's device. */
    static final Duration IN_ROOM_WINDOW = Duration.ofHours(2);

    private final EpisodeWork episodes;
    private final MeasureRequests requests;
    private final Responses responses;
    private final Schedules schedules;
    private final Alerts alerts;
    private final Instruments instruments;
    private final RequestLinks links;
    private final Submissions submissions;
    private final Intake intake;
    private final Clients clients;
    private final Practices practices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    MeasurementWork(EpisodeWork episodes, MeasureRequests requests, Responses responses, Schedules schedules,
                    Alerts alerts, Instruments instruments, RequestLinks links, Submissions submissions,
                    Intake intake, Clients clients, Practices practices, ApplicationEventPublisher events,
                    Clock clock) {
        this.episodes = episodes;
        this.requests = requests;
        this.responses = responses;
        this.schedules = schedules;
        this.alerts = alerts;
        this.instruments = instruments;
        this.links = links;
        this.submissions = submissions;
        this.intake = intake;
        this.clients = clients;
        this.practices = practices;
        this.events = events;
        this.clock = clock;
    }

    // --- the therapist's steps -------------------------------------------------------------

    record EpisodeRecords(Episode episode, boolean consented, List<StoredResponse> responses,
                          List<MeasureRequest> requests, List<Schedules.Schedule> schedules, List<Alert> alerts) {
    }

    @Transactional(readOnly = true)
    EpisodeRecords ofEpisode(UUID episodeId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        events.publishEvent(AuditEvent.read("MEASURES_VIEWED", "episode", episodeId, episode.clientId()));
        return new EpisodeRecords(episode, consented(episode.clientId()), responses.ofEpisode(episodeId),
                requests.ofEpisode(episodeId), schedules.ofEpisode(episodeId), alerts.ofEpisode(episodeId));
    }

    /** Asks the client now; with {@code email}, also sends a single-use link. */
    @Transactional
    UUID ask(UUID episodeId, String instrumentId, boolean email, OutgrowUser therapist) {
        Episode episode = askable(episodeId, instrumentId, therapist);
        Instant now = clock.instant();
        UUID id = requests.create(episodeId, episode.clientId(), instrumentId, Occasion.ASKED, "ASKED:" + Ids.next(),
                now, now, now.plus(RequestRounds.ANSWER_WINDOW));
        events.publishEvent(AuditEvent.write("QUESTIONNAIRE_ASKED", "measure_request", id, episode.clientId()));
        if (email && !links.send(id, episode.clientId(), false)) {
            throw new MeasurementRuleViolation("measures.rule.noEmail");
        }
        return id;
    }

    @Transactional
    void schedule(UUID episodeId, String instrumentId, Occasion occasion, @Nullable Integer everyDays,
                  OutgrowUser therapist) {
        Episode episode = askable(episodeId, instrumentId, therapist);
        if (!Occasion.SCHEDULABLE.contains(occasion)) {
            throw new MeasurementRuleViolation("measures.rule.occasion");
        }
        if ((occasion == Occasion.EVERY_N_DAYS) != (everyDays != null)
                || (everyDays != null && (everyDays < 1 || everyDays > 365))) {
            throw new MeasurementRuleViolation("measures.rule.everyDays");
        }
        if (!schedules.add(episodeId, instrumentId, occasion, everyDays, therapist.accountId(), clock.instant())) {
            throw new MeasurementRuleViolation("measures.rule.scheduledAlready");
        }
        events.publishEvent(AuditEvent.write("MEASURE_SCHEDULED", "episode", episodeId, episode.clientId()));
    }

    @Transactional
    void stopSchedule(UUID episodeId, UUID scheduleId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (schedules.stop(episodeId, scheduleId, clock.instant())) {
            events.publishEvent(AuditEvent.write("MEASURE_SCHEDULE_STOPPED", "episode", episodeId,
                    episode.clientId()));
        } else if (!schedules.belongsTo(episodeId, scheduleId)) {
            throw new EpisodeWork.NotYours(); // stopped already is fine (a second click); another episode's is not
        }
    }

    /**
     * Takes back a questionnaire that was asked and not yet answered (asked by mistake, or of the
     * wrong client): it leaves the client's list, and its e-mailed link answers as one never sent.
     */
    @Transactional
    void withdraw(UUID episodeId, UUID requestId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (requests.cancel(episodeId, requestId)) {
            events.publishEvent(AuditEvent.write("QUESTIONNAIRE_WITHDRAWN", "measure_request", requestId,
                    episode.clientId()));
        } else if (requests.find(requestId).filter(request -> request.episodeId().equals(episodeId)).isEmpty()) {
            throw new EpisodeWork.NotYours();
        } else {
            throw new MeasurementRuleViolation("measures.rule.notOpen");
        }
    }

    /** A request answered on the therapist's device, open for two hours. */
    @Transactional
    UUID startInRoom(UUID episodeId, String instrumentId, OutgrowUser therapist) {
        Episode episode = askable(episodeId, instrumentId, therapist);
        Instant now = clock.instant();
        UUID id = requests.create(episodeId, episode.clientId(), instrumentId, Occasion.IN_ROOM,
                "IN_ROOM:" + Ids.next(), now, now, now.plus(IN_ROOM_WINDOW));
        events.publishEvent(AuditEvent.write("IN_ROOM_STARTED", "measure_request", id, episode.clientId()));
        return id;
    }

    @Transactional(readOnly = true)
    Answering inRoom(UUID requestId, OutgrowUser therapist) {
        MeasureRequest request = requests.find(requestId).filter(found -> found.occasion() == Occasion.IN_ROOM)
                .orElseThrow(EpisodeWork.NotYours::new);
        episodes.forTherapist(request.episodeId(), therapist);
        return answering(request);
    }

    @Transactional
    Submissions.Outcome submitInRoom(UUID requestId, UUID key, List<Answer> answers, OutgrowUser therapist) {
        inRoom(requestId, therapist);
        return submissions.submit(requestId, key, answers, StoredResponse.Source.IN_ROOM, therapist.accountId());
    }

    record AlertRow(Alert alert, String clientName) {
    }

    @Transactional(readOnly = true)
    List<AlertRow> openAlerts(OutgrowUser therapist) {
        List<Alert> open = alerts.openOf(therapist.accountId());
        Map<UUID, String> names = clientNames(therapist);
        return open.stream().map(alert -> new AlertRow(alert, name(names, alert.clientId()))).toList();
    }

    record OverdueRow(MeasureRequest request, String clientName) {
    }

    @Transactional(readOnly = true)
    List<OverdueRow> overdue(OutgrowUser therapist) {
        Map<UUID, String> names = clientNames(therapist);
        return requests.overdueOf(therapist.accountId(), clock.instant()).stream()
                .filter(request -> request.occasion() != Occasion.IN_ROOM)
                .map(request -> new OverdueRow(request, name(names, request.clientId()))).toList();
    }

    @Transactional
    void resolve(UUID alertId, String resolution, OutgrowUser therapist) {
        Alert alert = alerts.find(alertId).filter(found -> found.ownerId().equals(therapist.accountId()))
                .orElseThrow(EpisodeWork.NotYours::new);
        if (resolution.isBlank() || resolution.length() > 4000) {
            throw new MeasurementRuleViolation("alerts.rule.resolution");
        }
        if (!alerts.resolve(alertId, therapist.accountId(), resolution.strip(), clock.instant())) {
            throw new MeasurementRuleViolation("alerts.rule.resolvedAlready");
        }
        events.publishEvent(AuditEvent.write("ALERT_RESOLVED_" + alert.kind().name(), "alert", alertId,
                alert.clientId()));
    }

    private Episode askable(UUID episodeId, String instrumentId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (instruments.forClients().stream().noneMatch(instrument -> instrument.id().equals(instrumentId))) {
            throw new MeasurementRuleViolation("measures.rule.unknownInstrument");
        }
        if (episode.state() == org.outgrow.episodes.EpisodeState.ENDED) {
            throw new MeasurementRuleViolation("measures.rule.episodeEnded");
        }
        if (!consented(episode.clientId())) {
            throw new MeasurementRuleViolation("measures.rule.noConsent");
        }
        return episode;
    }

    // --- the client's steps ----------------------------------------------------------------

    record ToDo(MeasureRequest request, String title) {
    }

    @Transactional(readOnly = true)
    List<ToDo> toDo(OutgrowUser client, java.util.Locale locale) {
        List<UUID> own = episodes.ofClientAccount(client).stream().map(Episode::id).toList();
        return requests.toDo(own, clock.instant()).stream()
                .filter(request -> request.occasion() != Occasion.IN_ROOM)
                .map(request -> new ToDo(request, instruments.find(request.instrument())
                        .map(instrument -> Questionnaire.text(instrument.names(), locale)).orElse(request.instrument())))
                .toList();
    }

    /** The client's own episodes, newest first, with their responses. */
    @Transactional(readOnly = true)
    List<EpisodeRecords> ofClient(OutgrowUser client) {
        List<Episode> own = episodes.ofClientAccount(client);
        own.stream().findFirst().ifPresent(episode -> events.publishEvent(AuditEvent.read("PROGRESS_VIEWED_BY_CLIENT",
                "episode", episode.id(), episode.clientId())));
        return own.stream().map(episode -> new EpisodeRecords(episode, true, responses.ofEpisode(episode.id()),
                List.of(), List.of(), List.of())).toList();
    }

    /** An open request and its instrument, for answering. */
    record Answering(MeasureRequest request, Instrument instrument) {
    }

    @Transactional(readOnly = true)
    Answering forClient(UUID requestId, OutgrowUser client) {
        MeasureRequest request = requests.find(requestId)
                .filter(found -> found.occasion() != Occasion.IN_ROOM)
                .filter(found -> episodes.ofClientAccount(client).stream()
                        .anyMatch(episode -> episode.id().equals(found.episodeId())))
                .orElseThrow(EpisodeWork.NotYours::new);
        return answering(request);
    }

    @Transactional
    void saveDraft(UUID requestId, Map<String, Integer> answers, OutgrowUser client) {
        forClient(requestId, client);
        requests.saveDraft(requestId, answers, clock.instant());
    }

    @Transactional
    Submissions.Outcome submit(UUID requestId, UUID key, List<Answer> answers, OutgrowUser client) {
        forClient(requestId, client);
        return submissions.submit(requestId, key, answers, StoredResponse.Source.PORTAL, client.accountId());
    }

    // --- single-use links (the caller sets the practice from the link first) --------------

    /** The practice and request behind a link, if it is live. Needs the token look-up context. */
    @Transactional(readOnly = true)
    Optional<MeasureRequests.LinkTarget> link(String token) {
        return Tokens.wellFormed(token) ? requests.byToken(Tokens.hash(token)) : Optional.empty();
    }

    /**
     * The questionnaire a live link opens. One whose time is up (before the round closes it) or
     * whose client has withdrawn consent is closed like any other: the link page says only that,
     * not which questionnaire it was.
     */
    @Transactional(readOnly = true)
    Answering byLink(UUID requestId) {
        MeasureRequest request = requests.find(requestId).orElseThrow(EpisodeWork.NotYours::new);
        if (!request.answerable(clock.instant()) || !consented(request.clientId())) {
            throw new MeasurementRuleViolation("measures.rule.unknownRequest");
        }
        return answering(request);
    }

    @Transactional
    Submissions.Outcome submitByLink(UUID requestId, UUID key, List<Answer> answers) {
        return submissions.submit(requestId, key, answers, StoredResponse.Source.LINK, null);
    }

    @Transactional
    void saveDraftByLink(UUID requestId, Map<String, Integer> answers) {
        requests.saveDraft(requestId, answers, clock.instant());
    }

    // --- shared ----------------------------------------------------------------------------

    String crisisResources() {
        return practices.current().crisisResources();
    }

    Instant now() {
        return clock.instant();
    }

    java.time.ZoneId zone() {
        return episodes.zone();
    }

    private Answering answering(MeasureRequest request) {
        return new Answering(request, instruments.require(request.instrument()));
    }

    /** The client's decision about a progress report for their referrer, shown to the therapist. */
    @Transactional(readOnly = true)
    Optional<ReferrerSharing> referrerSharing(UUID clientId) {
        return intake.referrerSharing(clientId);
    }

    private boolean consented(UUID clientId) {
        return intake.consent(clientId).map(MeasurementConsent::given).orElse(false);
    }

    /** The therapist's clients' names in one query, rather than one per row. */
    private Map<UUID, String> clientNames(OutgrowUser therapist) {
        return clients.ofTherapist(therapist.accountId()).stream()
                .collect(java.util.stream.Collectors.toMap(Client::id, Client::displayName));
    }

    /** A client of one of the therapist's episodes who is registered with someone else is looked up alone. */
    private String name(Map<UUID, String> names, UUID clientId) {
        String name = names.get(clientId);
        return name != null ? name : clients.find(clientId).map(Client::displayName).orElse("");
    }
}
