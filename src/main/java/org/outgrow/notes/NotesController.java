package org.outgrow.notes;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** An episode's progress notes for its therapist: write drafts, sign them, add addenda. */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class NotesController {

    /** A save that lost to another: the writer's own text, kept, and the note as it is now. */
    public record Clash(UUID noteId, String typed, ProgressNote current) {
    }

    private final NoteWork work;

    NotesController(NoteWork work) {
        this.work = work;
    }

    @GetMapping("/episodes/{id}/notes")
    String list(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("episodeId", id);
        model.addAttribute("notes", work.ofEpisode(id, user));
        model.addAttribute("zone", work.zone());
        if (!model.containsAttribute("body")) {
            model.addAttribute("body", "");
        }
        return "notes/episode";
    }

    @PostMapping("/episodes/{id}/notes")
    String draft(@PathVariable UUID id, @RequestParam(defaultValue = "") String body,
                 @RequestParam(required = false) @Nullable UUID appointment,
                 @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.draft(id, appointment, body, user);
            redirect.addFlashAttribute("notice", "note.drafted");
        } catch (NoteRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("body", body);
        }
        return "redirect:/episodes/" + id + "/notes";
    }

    @PostMapping("/episodes/{id}/notes/{noteId}")
    String save(@PathVariable UUID id, @PathVariable UUID noteId, @RequestParam(defaultValue = "-1") int version,
                @RequestParam(defaultValue = "") String body, @AuthenticationPrincipal OutgrowUser user,
                Model model, RedirectAttributes redirect) {
        try {
            work.save(id, noteId, version, body, user);
        } catch (NoteWork.Conflict conflict) {
            return clash(id, noteId, body, conflict, user, model);
        }
        redirect.addFlashAttribute("notice", "note.saved");
        return "redirect:/episodes/" + id + "/notes#note-" + noteId;
    }

    @PostMapping("/episodes/{id}/notes/{noteId}/signature")
    String sign(@PathVariable UUID id, @PathVariable UUID noteId, @RequestParam(defaultValue = "-1") int version,
                @RequestParam(defaultValue = "") String body, @AuthenticationPrincipal OutgrowUser user,
                Model model, RedirectAttributes redirect) {
        try {
            work.sign(id, noteId, version, body, user);
        } catch (NoteWork.Conflict conflict) {
            return clash(id, noteId, body, conflict, user, model);
        }
        redirect.addFlashAttribute("notice", "note.signed");
        return "redirect:/episodes/" + id + "/notes#note-" + noteId;
    }

    @PostMapping("/episodes/{id}/notes/{noteId}/addenda")
    String addendum(@PathVariable UUID id, @PathVariable UUID noteId, @RequestParam(defaultValue = "") String body,
                    @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.addendum(id, noteId, body, user);
        redirect.addFlashAttribute("notice", "note.addendumAdded");
        return "redirect:/episodes/" + id + "/notes#note-" + noteId;
    }

    private String clash(UUID id, UUID noteId, String typed, NoteWork.Conflict conflict, OutgrowUser user,
                         Model model) {
        model.addAttribute("problem", conflict.current().signed() ? "note.conflict.signed" : "note.conflict");
        model.addAttribute("clash", new Clash(noteId, typed, conflict.current()));
        return list(id, user, model);
    }

    @ExceptionHandler(NoteRuleViolation.class)
    String refused(NoteRuleViolation violation, HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        return "redirect:/episodes/" + request.getRequestURI().split("/")[2] + "/notes";
    }
}
