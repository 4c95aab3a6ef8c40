package org.outgrow.episodes;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator hands a therapist's clients over to colleagues, one client at a time. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class HandoverController {

    private final Handovers handovers;

    HandoverController(Handovers handovers) {
        this.handovers = handovers;
    }

    @GetMapping("/admin/handover")
    String show(@RequestParam(required = false) @Nullable UUID from, Model model) {
        var therapists = handovers.therapists();
        model.addAttribute("therapists", therapists);
        if (from != null) {
            Handovers.Therapist chosen = therapists.stream().filter(therapist -> therapist.id().equals(from))
                    .findFirst().orElseThrow(EpisodeWork.NotYours::new);
            model.addAttribute("clients", handovers.clientsOf(chosen));
            model.addAttribute("from", chosen);
            model.addAttribute("colleagues", therapists.stream()
                    .filter(therapist -> therapist.active() && !therapist.id().equals(from)).toList());
        }
        return "episodes/handover";
    }

    @PostMapping("/admin/clients/{id}/handover")
    String handOver(@PathVariable UUID id, @RequestParam(required = false) @Nullable UUID to,
                    @RequestParam(required = false) @Nullable UUID from, RedirectAttributes redirect) {
        try {
            handovers.handOver(id, to);
            redirect.addFlashAttribute("notice", "handover.done");
        } catch (EpisodeRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
        }
        return from == null ? "redirect:/admin/handover" : "redirect:/admin/handover?from=" + from;
    }
}
