package org.outgrow.notes;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing, signing and reading progress notes. The episode's therapist writes them; a save that
 * started from an older version is refused rather than overwriting, so of two people editing one
 * draft neither loses their text; a signed note only takes addenda. Clients read signed notes
 * when the practice's policy says so.
 */
@Service
public class NoteWork {

    /** Thrown when the draft changed since the writer opened it; carries the note as it is now. */
    static final class Conflict extends RuntimeException {

        private final ProgressNote current;

        Conflict(ProgressNote current) {
            super("The note changed meanwhile");
            this.current = current;
        }

        ProgressNote current() {
            return current;
        }
    }

    private final EpisodeWork episodes;
    private final ProgressNotes notes;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NoteWork(EpisodeWork episodes, ProgressNotes notes, ApplicationEventPublisher events, Clock clock) {
        this.episodes = episodes;
        this.notes = notes;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    List<ProgressNote> ofEpisode(UUID episodeId, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        events.publishEvent(AuditEvent.read("NOTES_VIEWED", "episode", episodeId, episode.clientId()));
        return notes.ofEpisodes(List.of(episodeId), false);
    }

    @Transactional
    UUID draft(UUID episodeId, @Nullable UUID appointmentId, String body, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        UUID id;
        try {
            id = notes.draft(episodeId, appointmentId, therapist.accountId(), text(body, 20000), clock.instant());
        } catch (DataIntegrityViolationException sessionOfAnotherEpisode) {
            throw new EpisodeWork.NotYours();
        }
        events.publishEvent(AuditEvent.write("NOTE_DRAFTED", "progress_note", id, episode.clientId()));
        return id;
    }

    @Transactional
    void save(UUID episodeId, UUID noteId, int version, String body, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        String text = text(body, 20000);
        if (!notes.save(episodeId, noteId, version, text, clock.instant())) {
            throw new Conflict(current(episodeId, noteId));
        }
        events.publishEvent(AuditEvent.write("NOTE_SAVED", "progress_note", noteId, episode.clientId()));
    }

    /** Saves the text as it stands in the form, then signs it: what is signed is what the writer saw. */
    @Transactional
    void sign(UUID episodeId, UUID noteId, int version, String body, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        String text = text(body, 20000);
        if (!notes.save(episodeId, noteId, version, text, clock.instant())
                || !notes.sign(episodeId, noteId, version + 1, clock.instant())) {
            throw new Conflict(current(episodeId, noteId));
        }
        events.publishEvent(AuditEvent.write("NOTE_SIGNED", "progress_note", noteId, episode.clientId()));
    }

    @Transactional
    void addendum(UUID episodeId, UUID noteId, String body, OutgrowUser therapist) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        if (!current(episodeId, noteId).signed()) {
            throw new NoteRuleViolation("note.rule.addendumToDraft");
        }
        notes.addendum(noteId, therapist.accountId(), text(body, 8000), clock.instant());
        events.publishEvent(AuditEvent.write("NOTE_ADDENDUM", "progress_note", noteId, episode.clientId()));
    }

    /** The client's signed notes, when the practice lets clients read them; empty otherwise. */
    @Transactional(readOnly = true)
    public List<ProgressNote> forClient(OutgrowUser client) {
        List<Episode> own = episodes.ofClientAccount(client);
        if (!notes.clientVisible() || own.isEmpty()) {
            return List.of();
        }
        events.publishEvent(AuditEvent.read("NOTES_VIEWED_BY_CLIENT", "episode", own.getFirst().id(),
                own.getFirst().clientId()));
        return notes.ofEpisodes(own.stream().map(Episode::id).toList(), true);
    }

    @Transactional(readOnly = true)
    boolean clientVisible() {
        return notes.clientVisible();
    }

    @Transactional
    void setClientVisible(boolean visible, OutgrowUser admin) {
        notes.setClientVisible(visible, admin.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write(visible ? "NOTES_SHOWN_TO_CLIENTS" : "NOTES_HIDDEN_FROM_CLIENTS",
                "practice", admin.practiceId().value(), null));
    }

    java.time.ZoneId zone() {
        return episodes.zone();
    }

    private ProgressNote current(UUID episodeId, UUID noteId) {
        return notes.find(episodeId, noteId).orElseThrow(EpisodeWork.NotYours::new);
    }

    private static String text(String body, int limit) {
        String text = body.strip();
        if (text.isEmpty()) {
            throw new NoteRuleViolation("note.rule.empty");
        }
        if (text.length() > limit) {
            throw new NoteRuleViolation(limit == 20000 ? "note.rule.tooLong" : "note.rule.addendumTooLong");
        }
        return text;
    }
}
