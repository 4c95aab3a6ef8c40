package org.outgrow.measurement;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;

/**
 * Measurement as other modules see it (the FHIR interface): the questionnaires clients can be
 * asked, an episode's responses with their answers, and a response submitted from outside, which
 * goes through the same {@link Submissions} as a portal answer, so it is scored, stored and
 * alerted in one transaction. Every call checks that the therapist is assigned to the episode.
 */
@Service
public class MeasurementRecords {

    /** A stored response with the answers as given; an unanswered item has a null value. */
    public record Answered(StoredResponse response, Map<String, @Nullable Integer> answers) {
    }

    /** What became of a submission from outside. */
    public sealed interface Submitted {
        /**
         * Stored in {@code episode} now ({@code stored} is what was stored), or earlier under the
         * same submission key (then {@code episode} is where this one would have gone).
         */
        record Stored(Episode episode, UUID response, Optional<Answered> stored) implements Submitted {

            public boolean repeated() {
                return stored.isEmpty();
            }
        }

        /** The therapist has no open episode with the client (or the client is not in their care). */
        record NoOpenEpisode() implements Submitted {
        }
    }

    private final EpisodeWork episodes;
    private final Instruments instruments;
    private final Responses responses;
    private final MeasureRequests requests;
    private final Submissions submissions;
    private final MeasurementWork work;
    private final ApplicationEventPublisher events;
    private final PracticeInstruments practiceInstruments;
    private final ProgressReports reports;
    private final JdbcClient jdbc;
    private final DataSource dataSource;

    MeasurementRecords(EpisodeWork episodes, Instruments instruments, Responses responses, MeasureRequests requests,
                       Submissions submissions, MeasurementWork work, ApplicationEventPublisher events,
                       PracticeInstruments practiceInstruments, ProgressReports reports, JdbcClient jdbc,
                       DataSource dataSource) {
        this.practiceInstruments = practiceInstruments;
        this.reports = reports;
        this.episodes = episodes;
        this.instruments = instruments;
        this.responses = responses;
        this.requests = requests;
        this.submissions = submissions;
        this.work = work;
        this.events = events;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** The questionnaires of the practice that clients can be asked (shipped and the practice's own). */
    @Transactional(readOnly = true)
    public List<Instrument> questionnaires() {
        return instruments.forClients();
    }

    /** One of {@link #questionnaires()} by id; a shipped one without touching the database. */
    @Transactional(readOnly = true)
    public Optional<Instrument> questionnaire(String id) {
        return instruments.find(id);
    }

    /** An episode's responses with their answers, oldest first; the read is audited. */
    @Transactional(readOnly = true)
    public List<Answered> ofEpisode(UUID episodeId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        events.publishEvent(AuditEvent.read("MEASURES_READ_BY_API", "episode", episodeId, episode.clientId()));
        return responses.answeredOfEpisode(episodeId);
    }

    /**
     * One response with its answers, not audited: for answering a submission with what it stored
     * (the submission is audited). Whoever asks must check they may see its episode.
     */
    @Transactional(readOnly = true)
    public Optional<Answered> answered(UUID responseId) {
        return responses.answered(responseId);
    }

    /** The episode a response belongs to; whoever asks must still check they may see that episode. */
    @Transactional(readOnly = true)
    public Optional<UUID> episodeOfResponse(UUID responseId) {
        return responses.episodeOf(responseId);
    }

    /** The responses of one of the client's own episodes, for their export; the read is audited. */
    @Transactional(readOnly = true)
    public List<Answered> ofOwnEpisode(UUID episodeId, OutgrowUser client) {
        Episode episode = episodes.forClient(episodeId, client);
        events.publishEvent(AuditEvent.read("MEASURES_EXPORTED_BY_CLIENT", "episode", episodeId, episode.clientId()));
        return responses.answeredOfEpisode(episodeId);
    }

    /**
     * Stores a response given outside Outgrow's own pages in the therapist's newest open episode
     * with the client. It answers the episode's oldest open request for the questionnaire, so the
     * client's to-do list clears, or else is stored as nobody's answer to a request. A repeat with
     * the same key returns the first response; without a key ({@code null}) it is a new response.
     */
    @Transactional
    public Submitted submit(UUID clientId, String instrumentId, @Nullable UUID submissionKey, List<Answer> answers,
                            OutgrowUser therapist) {
        Optional<Episode> found = episodes.openToChange(clientId, therapist);
        if (found.isEmpty()) {
            return new Submitted.NoOpenEpisode();
        }
        Episode episode = found.get();
        if (submissionKey != null) {
            var earlier = responses.bySubmissionKey(submissionKey);
            if (earlier.isPresent()) {
                return new Submitted.Stored(episode, earlier.get().id(), Optional.empty());
            }
        }
        if (questionnaire(instrumentId).isEmpty()) {
            throw new MeasurementRuleViolation("measures.rule.unknownInstrument");
        }
        UUID key = submissionKey == null ? Ids.next() : submissionKey;
        Optional<MeasureRequest> open = requests.firstOpen(episode.id(), instrumentId, work.now());
        // None open, or the open one answered a moment ago by another submission: stored unasked.
        Submissions.Outcome.Stored stored = open.isPresent() && submissions.submit(open.get().id(), key, answers,
                StoredResponse.Source.FHIR, therapist.accountId()) instanceof Submissions.Outcome.Stored asked ? asked
                : submissions.submitUnasked(episode.id(), episode.clientId(), instrumentId, key, answers,
                        StoredResponse.Source.FHIR, therapist.accountId());
        return new Submitted.Stored(episode, stored.response(), stored.stored());
    }

    /** The client's own progress report as a PDF, for their copy of their records; audited by the report. */
    @Transactional(readOnly = true)
    public byte[] ownProgressReport(OutgrowUser client, java.util.Locale locale) {
        return reports.forClient(client, locale).pdf();
    }

    /**
     * Adds one of the practice's own instruments from a definition in Outgrow's format; returns
     * the problems, each naming its field, or nothing when it was added.
     */
    public List<String> addInstrument(String definition, UUID by) {
        return practiceInstruments.add(definition, by);
    }

    /**
     * Starts taking historical responses into the current transaction, for an import that reads
     * its file once; the transaction must be open, and drops what it staged when it ends.
     */
    public ImportStaging stageImports(UUID importedBy) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an import stages its answers in its own transaction");
        }
        return new ImportStaging(jdbc, DataSourceUtils.getConnection(dataSource), Tenancy.requirePractice().value(),
                importedBy);
    }

    /**
     * Why this module refused a submission, for callers outside it: a rule (by message key) or
     * answers that cannot be scored (a text naming the item).
     */
    public record Refusal(@Nullable String messageKey, String text) {
    }

    public static Optional<Refusal> refusal(RuntimeException exception) {
        return exception instanceof MeasurementRuleViolation violation
                ? Optional.of(new Refusal(violation.messageKey(), violation.messageKey()))
                : exception instanceof InvalidResponse invalid ? Optional.of(new Refusal(null, invalid.getMessage()))
                : Optional.empty();
    }
}
