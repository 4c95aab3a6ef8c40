package org.outgrow.measurement;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Intake;
import org.outgrow.clients.MeasurementConsent;
import org.outgrow.episodes.AttendanceCounts;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Storing a client's answers: one transaction validates, scores, stores the response, closes the
 * request and opens any alert, so an acknowledged answer and its risk alert exist together or not
 * at all. The request row is locked: of simultaneous submissions one stores a response and the
 * others learn that it is answered; a repeat with the same submission key gets the first response
 * back, and leaves the request as it found it. Before that the client's row is held for share
 * ({@code Intake.holdForAnswer}), so a handover at that moment moves the alert the answer opens,
 * or comes first and the alert goes to the new therapist.
 */
@Service
class Submissions {

    private final MeasureRequests requests;
    private final Responses responses;
    private final Instruments instruments;
    private final AlertRules alertRules;
    private final Intake intake;
    private final AttendanceCounts attendance;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    Submissions(MeasureRequests requests, Responses responses, Instruments instruments, AlertRules alertRules,
                Intake intake, AttendanceCounts attendance, ApplicationEventPublisher events, Clock clock) {
        this.requests = requests;
        this.responses = responses;
        this.instruments = instruments;
        this.alertRules = alertRules;
        this.intake = intake;
        this.attendance = attendance;
        this.events = events;
        this.clock = clock;
    }

    sealed interface Outcome {
        /**
         * Stored now or by an earlier try with the same key; {@code stored} is what was stored
         * when it was now, empty for an earlier try.
         */
        record Stored(UUID response, boolean risk, Optional<MeasurementRecords.Answered> stored) implements Outcome {
        }

        /** The request was answered (by another submission) or closed before this one arrived. */
        record Closed() implements Outcome {
        }
    }

    @Transactional
    Outcome submit(UUID requestId, UUID submissionKey, List<Answer> answers, StoredResponse.Source source,
                   @Nullable UUID enteredBy) {
        // The client's row first, then the request's: the order a handover and an erasure request lock in.
        UUID clientId = requests.find(requestId).map(MeasureRequest::clientId)
                .filter(intake::holdForAnswer)
                .orElseThrow(() -> new MeasurementRuleViolation("measures.rule.unknownRequest"));
        MeasureRequest request = requests.lock(requestId)
                .orElseThrow(() -> new MeasurementRuleViolation("measures.rule.unknownRequest"));
        var earlier = responses.bySubmissionKey(submissionKey);
        if (earlier.isPresent()) {
            return new Outcome.Stored(earlier.get().id(), earlier.get().score().risk() == Score.Risk.POSITIVE,
                    Optional.empty());
        }
        requireConsent(clientId);
        Instant now = now();
        if (!request.answerable(now)) {
            return new Outcome.Closed();
        }
        return store(request.id(), request.episodeId(), request.clientId(), request.instrument(), submissionKey,
                answers, now, source, enteredBy);
    }

    /**
     * A response no open request asked for (one sent through the FHIR interface): stored without a
     * request, as an imported one is, so what the therapist asked stays what the page lists as
     * asked. A simultaneous submission with the same key waits on the key's unique index and then
     * gets the first response back. The caller holds the client's row, as it found the episode
     * ({@code Episodes.openInCareOf}).
     */
    @Transactional
    Outcome.Stored submitUnasked(UUID episodeId, UUID clientId, String instrument, UUID submissionKey, List<Answer> answers,
                          StoredResponse.Source source, @Nullable UUID enteredBy) {
        requireConsent(clientId);
        return store(null, episodeId, clientId, instrument, submissionKey, answers, now(), source, enteredBy);
    }

    private void requireConsent(UUID clientId) {
        if (!intake.consent(clientId).map(MeasurementConsent::given).orElse(false)) {
            throw new MeasurementRuleViolation("measures.rule.noConsent");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS); // as the database keeps it
    }

    /** Scores and stores the answers to a request that is answered now, audits them and opens any alert. */
    private Outcome.Stored store(@Nullable UUID requestId, UUID episodeId, UUID clientId, String instrumentId, UUID submissionKey,
                          List<Answer> answers, Instant now, StoredResponse.Source source, @Nullable UUID enteredBy) {
        Instrument instrument = instruments.require(instrumentId);
        Score score = Scorer.score(instrument, answers);
        UUID id = Ids.next();
        Responses.New response = new Responses.New(id, episodeId, clientId, requestId, submissionKey, instrument,
                answers, now, attendance.attended(episodeId), source, enteredBy, score);
        Responses.Inserted inserted = responses.insert(response);
        if (!inserted.stored()) { // the same key stored by another submission a moment ago
            StoredResponse stored = responses.bySubmissionKey(submissionKey).orElseThrow();
            return new Outcome.Stored(stored.id(), stored.score().risk() == Score.Risk.POSITIVE, Optional.empty());
        }
        // Closed only once the response is in: a key stored through another request leaves this one open.
        if (requestId != null && !requests.markAnswered(requestId, now)) {
            throw new IllegalStateException("A locked open request could not be closed");
        }
        events.publishEvent(AuditEvent.write("RESPONSE_SUBMITTED", "measure_response", id, clientId));
        alertRules.afterResponse(episodeId, instrument, id, score, inserted.firstAndLastScored());
        return new Outcome.Stored(id, score.risk() == Score.Risk.POSITIVE, Optional.of(response.stored()));
    }
}
