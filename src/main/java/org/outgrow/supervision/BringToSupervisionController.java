package org.outgrow.supervision;

import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The therapist brings an episode to supervision with a question, and reads what was agreed. */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class BringToSupervisionController {

    private final SupervisionWork work;

    BringToSupervisionController(SupervisionWork work) {
        this.work = work;
    }

    @GetMapping("/episodes/{id}/supervision")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("episodeId", id);
        model.addAttribute("requests", work.ofEpisode(id, user));
        model.addAttribute("supervisors", work.supervisors());
        model.addAttribute("zone", work.zone());
        if (!model.containsAttribute("question")) {
            model.addAttribute("question", "");
        }
        return "supervision/episode";
    }

    @PostMapping("/episodes/{id}/supervision")
    String bring(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID supervisor,
                 @RequestParam(defaultValue = "") String question,
                 @RequestParam(defaultValue = "false") boolean withDynamics, @AuthenticationPrincipal OutgrowUser user,
                 Locale locale, RedirectAttributes redirect) {
        try {
            work.bring(id, supervisor, question, withDynamics, user, locale);
            redirect.addFlashAttribute("notice", "supervision.brought");
        } catch (SupervisionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("question", question);
        }
        return "redirect:/episodes/" + id + "/supervision";
    }

    @PostMapping("/episodes/{id}/supervision/{requestId}/withdraw")
    String withdraw(@PathVariable UUID id, @PathVariable UUID requestId, @AuthenticationPrincipal OutgrowUser user,
                    RedirectAttributes redirect) {
        try {
            work.withdraw(id, requestId, user);
            redirect.addFlashAttribute("notice", "supervision.withdrawn");
        } catch (SupervisionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
        }
        return "redirect:/episodes/" + id + "/supervision";
    }
}
