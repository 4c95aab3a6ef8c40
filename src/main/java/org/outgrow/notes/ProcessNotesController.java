package org.outgrow.notes;

import java.time.Clock;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Reauthentication;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sealed process notes, for their author alone. Writing needs only the episode; reading needs a
 * fresh proof of identity: the sign-in or a confirmation within the last fifteen minutes, else the
 * second factor (or password) again. The text never goes into the audit log, mail or any other page.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class ProcessNotesController {

    private final EpisodeWork episodes;
    private final ProcessNotes notes;
    private final Reauthentication reauthentication;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProcessNotesController(EpisodeWork episodes, ProcessNotes notes, Reauthentication reauthentication,
                           ApplicationEventPublisher events, Clock clock) {
        this.episodes = episodes;
        this.notes = notes;
        this.reauthentication = reauthentication;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/episodes/{id}/process-notes")
    @Transactional(readOnly = true)
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, HttpSession session, Model model) {
        Episode episode = episodes.forTherapist(id, user);
        model.addAttribute("episodeId", id);
        model.addAttribute("zone", episodes.zone());
        if (!reauthentication.fresh(session)) {
            model.addAttribute("usesCode", reauthentication.usesCode(user));
            return "notes/process-confirm";
        }
        events.publishEvent(AuditEvent.read("PROCESS_NOTES_OPENED", "episode", id, episode.clientId()));
        model.addAttribute("notes", notes.of(id, user.accountId()));
        return "notes/process";
    }

    @PostMapping("/episodes/{id}/process-notes/confirmation")
    String confirm(@PathVariable UUID id, @RequestParam(defaultValue = "") String answer,
                   @AuthenticationPrincipal OutgrowUser user, HttpSession session, RedirectAttributes redirect) {
        episodes.forTherapist(id, user);
        if (!reauthentication.confirm(user, answer, session)) {
            redirect.addFlashAttribute("problem", "process.confirm.wrong");
        }
        return "redirect:/episodes/" + id + "/process-notes";
    }

    @PostMapping("/episodes/{id}/process-notes")
    @Transactional
    String write(@PathVariable UUID id, @RequestParam(defaultValue = "") String text,
                 @AuthenticationPrincipal OutgrowUser user, HttpSession session, Model model,
                 RedirectAttributes redirect) {
        Episode episode = episodes.forTherapist(id, user);
        if (text.isBlank() || text.length() > 20000) {
            return again(id, null, text, "process.rule.length", user, session, model);
        }
        UUID note = notes.write(id, user.accountId(), text.strip(), clock.instant());
        events.publishEvent(AuditEvent.write("PROCESS_NOTE_WRITTEN", "process_note", note, episode.clientId()));
        redirect.addFlashAttribute("notice", "process.saved");
        return "redirect:/episodes/" + id + "/process-notes";
    }

    @PostMapping("/episodes/{id}/process-notes/{noteId}")
    @Transactional
    String rewrite(@PathVariable UUID id, @PathVariable UUID noteId, @RequestParam(defaultValue = "-1") int version,
                   @RequestParam(defaultValue = "") String text, @AuthenticationPrincipal OutgrowUser user,
                   HttpSession session, Model model, RedirectAttributes redirect) {
        Episode episode = episodes.forTherapist(id, user);
        if (!notes.isAuthors(id, noteId, user.accountId())) {
            throw new EpisodeWork.NotYours();
        }
        if (text.isBlank() || text.length() > 20000) {
            return again(id, noteId, text, "process.rule.length", user, session, model);
        }
        if (!notes.rewrite(id, noteId, user.accountId(), version, text.strip(), clock.instant())) {
            return again(id, noteId, text, "process.rule.changed", user, session, model);
        }
        events.publishEvent(AuditEvent.write("PROCESS_NOTE_REWRITTEN", "process_note", noteId, episode.clientId()));
        redirect.addFlashAttribute("notice", "process.saved");
        return "redirect:/episodes/" + id + "/process-notes";
    }

    /**
     * The page again with what was typed, rendered directly: a redirect would park the text in the
     * session store, and sealed text is never stored unsealed.
     */
    private String again(UUID id, @org.jspecify.annotations.Nullable UUID noteId, String typed, String problem,
                         OutgrowUser user, HttpSession session, Model model) {
        model.addAttribute("problem", problem);
        model.addAttribute("typed", typed);
        model.addAttribute("typedFor", noteId);
        return show(id, user, session, model);
    }
}
