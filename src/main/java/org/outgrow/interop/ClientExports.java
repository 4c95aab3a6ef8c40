package org.outgrow.interop;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.episodes.Foci;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Tokens;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.measurement.StoredResponse;
import org.outgrow.notes.NoteWork;
import org.outgrow.notes.ProgressNote;
import org.outgrow.sessions.Appointment;
import org.outgrow.sessions.Appointments;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Csv;
import org.outgrow.shared.Ids;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A client's own records to download and take elsewhere, in one ZIP: a FHIR Bundle (their details,
 * episodes, every questionnaire they answered with its answers and scores, their goals in their own
 * words); the same answers, their sessions and (when the practice lets clients read them) their
 * signed progress notes as CSV files for a spreadsheet; and the progress report as a readable PDF.
 * Process notes are the therapist's private working notes and never part of it. A download is
 * asked for, then fetched once through a secret link within ten minutes, by the same signed-in
 * client; asking and fetching are audited.
 */
@Service
class ClientExports {

    static final Duration VALID_FOR = Duration.ofMinutes(10);

    private final JdbcClient jdbc;
    private final Clients clients;
    private final EpisodeWork episodes;
    private final MeasurementRecords measures;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Appointments appointments;
    private final NoteWork progressNotes;

    ClientExports(JdbcClient jdbc, Clients clients, EpisodeWork episodes, MeasurementRecords measures,
                  MessageSource messages, ApplicationEventPublisher events, Clock clock, Appointments appointments,
                  NoteWork progressNotes) {
        this.appointments = appointments;
        this.progressNotes = progressNotes;
        this.jdbc = jdbc;
        this.clients = clients;
        this.episodes = episodes;
        this.measures = measures;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /** A new single-use download for the signed-in client; returns the secret for the link. */
    @Transactional
    String ask(OutgrowUser client) {
        Client own = clients.ofAccount(client.accountId()).orElseThrow(EpisodeWork.NotYours::new);
        String token = Tokens.newToken();
        Instant now = clock.instant();
        UUID id = Ids.next();
        jdbc.sql("""
                insert into client_export (practice_id, id, account_id, token_hash, created_at, expires_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(client.practiceId().value(), id, client.accountId(), Tokens.hash(token), Timestamp.from(now),
                        Timestamp.from(now.plus(VALID_FOR)))
                .update();
        events.publishEvent(AuditEvent.write("CLIENT_EXPORT_ASKED", "client_export", id, own.id()));
        return token;
    }

    /**
     * The copy behind a live link of this client's, spending the link: a ZIP with the FHIR Bundle
     * and the readable progress report. Empty when the link is spent, late or not theirs.
     */
    @Transactional
    Optional<byte[]> fetch(String token, OutgrowUser client, java.util.Locale locale) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UUID> spent = jdbc.sql("""
                update client_export set used_at = ?
                where practice_id = ? and token_hash = ? and account_id = ? and used_at is null and expires_at > ?
                returning id""")
                .params(Timestamp.from(now), client.practiceId().value(), Tokens.hash(token), client.accountId(),
                        Timestamp.from(now))
                .query(UUID.class).optional();
        if (spent.isEmpty()) {
            return Optional.empty();
        }
        Client ownRecord = clients.ofAccount(client.accountId()).orElseThrow(EpisodeWork.NotYours::new);
        events.publishEvent(AuditEvent.read("CLIENT_EXPORT_DOWNLOADED", "client_export", spent.get(),
                ownRecord.id()));
        List<Episode> own = episodes.ofClientAccount(client);
        Map<Episode, List<MeasurementRecords.Answered>> answered = new java.util.LinkedHashMap<>();
        own.forEach(episode -> answered.put(episode, measures.ofOwnEpisode(episode.id(), client)));
        String bundle = Fhir.json().setPrettyPrint(true).encodeResourceToString(bundle(ownRecord, answered, now));
        Map<String, byte[]> files = new java.util.HashMap<>(Map.of(
                BUNDLE_FILE, utf8(bundle),
                ANSWERS_FILE, utf8(answersCsv(answered)),
                SESSIONS_FILE, utf8(sessionsCsv(own)),
                REPORT_FILE, measures.ownProgressReport(client, locale)));
        List<ProgressNote> notes = progressNotes.forClient(client);
        if (!notes.isEmpty()) {
            files.put(NOTES_FILE, utf8(notesCsv(notes)));
        }
        return Optional.of(zip(files));
    }

    static final String BUNDLE_FILE = "records.fhir.json";
    static final String REPORT_FILE = "progress-report.pdf";
    static final String ANSWERS_FILE = "answers.csv";
    static final String SESSIONS_FILE = "sessions.csv";
    static final String NOTES_FILE = "progress-notes.csv";

    /** One row per answered item: when, which questionnaire, the item, the answer, and the total and band. */
    private String answersCsv(Map<Episode, List<MeasurementRecords.Answered>> answered) {
        StringBuilder csv = new StringBuilder("episode,answered_at,questionnaire,item,answer,total,band\n");
        answered.forEach((episode, responses) -> {
            for (MeasurementRecords.Answered response : responses) {
                StoredResponse stored = response.response();
                String total = stored.score().total() == null ? ""
                        : java.math.BigDecimal.valueOf(stored.score().total()).stripTrailingZeros().toPlainString();
                String band = stored.score().band() == null ? "" : bandName(stored.score().band());
                response.answers().forEach((item, answer) -> row(csv, episode.id().toString(),
                        stored.answeredAt().toString(), stored.instrument(), item,
                        answer == null ? "" : answer.toString(), total, band));
            }
        });
        return csv.toString();
    }

    private String sessionsCsv(List<Episode> own) {
        StringBuilder csv = new StringBuilder("episode,starts_at,minutes,attendance\n");
        for (Episode episode : own) {
            for (Appointment appointment : appointments.ofEpisode(episode.id())) {
                row(csv, episode.id().toString(), appointment.startsAt().toString(),
                        Integer.toString(appointment.minutes()), appointment.attendance().name());
            }
        }
        return csv.toString();
    }

    /** Signed notes with their addenda after them, each its own row. */
    private static String notesCsv(List<ProgressNote> notes) {
        StringBuilder csv = new StringBuilder("episode,written_at,author,kind,text\n");
        for (ProgressNote note : notes) {
            row(csv, note.episodeId().toString(), String.valueOf(note.signedAt()), note.authorName(), "note",
                    note.body());
            note.addenda().forEach(addendum -> row(csv, note.episodeId().toString(), addendum.addedAt().toString(),
                    addendum.authorName(), "addendum", addendum.body()));
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, String... cells) {
        csv.append(Csv.row(List.of(cells))).append('\n');
    }

    private static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, byte[]> files) {
        var bytes = new java.io.ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (var file : new java.util.TreeMap<>(files).entrySet()) {
                zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private Bundle bundle(Client own, Map<Episode, List<MeasurementRecords.Answered>> answered, Instant now) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.setTimestamp(Date.from(now));
        bundle.getIdentifier().setSystem(FhirResources.BASE + "/NamingSystem/client-export")
                .setValue(Ids.next().toString());
        add(bundle, FhirResources.patient(own));
        answered.forEach((episode, responses) -> {
            add(bundle, FhirResources.episodeOfCare(episode));
            for (MeasurementRecords.Answered response : responses) {
                Optional<Instrument> instrument = measures.questionnaire(response.response().instrument());
                if (instrument.isEmpty()) {
                    continue;
                }
                add(bundle, FhirResources.questionnaireResponse(response, own.id(), instrument.get()));
                FhirResources.observations(response.response(), own.id(), instrument.get(), this::bandName)
                        .forEach(observation -> add(bundle, observation));
            }
            Map<UUID, List<Foci.Rating>> ratings = episodes.ratings(episode.id());
            episodes.foci(episode.id()).forEach(focus -> add(bundle,
                    FhirResources.goal(focus, own.id(), ratings.getOrDefault(focus.id(), List.of()))));
        });
        return bundle;
    }

    private static void add(Bundle bundle, Resource resource) {
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes((resource.fhirType() + "/"
                + resource.getIdPart()).getBytes(java.nio.charset.StandardCharsets.UTF_8))).setResource(resource);
    }

    private String bandName(String band) {
        return messages.getMessage("band." + band, null, band, java.util.Locale.ENGLISH);
    }
}
