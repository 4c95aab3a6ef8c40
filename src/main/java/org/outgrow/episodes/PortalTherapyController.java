package org.outgrow.episodes;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
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

/**
 * The client's side of the work, in the portal: the agreement to read and acknowledge, foci to
 * write in their own words and confirm, goals to rate, and in the ending phase their own plan of
 * what they carry forward. Only the client can take these steps.
 */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalTherapyController {

    private final EpisodeWork work;

    PortalTherapyController(EpisodeWork work) {
        this.work = work;
    }

    @Bean
    static Navigation therapyNavigation() {
        return new Navigation("/portal/therapy", "nav.therapy", Set.of("CLIENT"), 2);
    }

    /** The client's current episode (the newest), or a note that there is none yet. */
    @GetMapping("/portal/therapy")
    String current(@AuthenticationPrincipal OutgrowUser user, Model model) {
        List<Episode> episodes = work.ofClientAccount(user);
        if (episodes.isEmpty()) {
            return "episodes/portal-none";
        }
        return "redirect:/portal/therapy/" + episodes.getFirst().id();
    }

    @GetMapping("/portal/therapy/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("episode", work.forClient(id, user));
        model.addAttribute("agreements", work.agreements(id));
        model.addAttribute("foci", work.foci(id));
        model.addAttribute("ratings", work.ratings(id));
        model.addAttribute("carryForward", work.carryForward(id));
        return "episodes/portal";
    }

    @PostMapping("/portal/therapy/{id}/foci")
    String write(@PathVariable UUID id, @RequestParam(defaultValue = "") String wording,
                 @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.writeFocus(id, wording, user);
        redirect.addFlashAttribute("notice", "focus.written");
        return "redirect:/portal/therapy/" + id + "#foci";
    }

    @PostMapping("/portal/therapy/{id}/foci/{focusId}/answer")
    String answer(@PathVariable UUID id, @PathVariable UUID focusId, @RequestParam boolean wantsChange,
                  @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.answer(id, focusId, wantsChange, user);
        redirect.addFlashAttribute("notice", "focus.answered");
        return "redirect:/portal/therapy/" + id + "#foci";
    }

    @PostMapping("/portal/therapy/{id}/foci/{focusId}/rating")
    String rate(@PathVariable UUID id, @PathVariable UUID focusId, @RequestParam int rating,
                @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.rate(id, focusId, rating, user);
        redirect.addFlashAttribute("notice", "goal.rated");
        return "redirect:/portal/therapy/" + id + "#goals";
    }

    @PostMapping("/portal/therapy/{id}/agreement/{number}/acknowledgement")
    String acknowledge(@PathVariable UUID id, @PathVariable int number, @AuthenticationPrincipal OutgrowUser user,
                       RedirectAttributes redirect) {
        work.acknowledge(id, number, user);
        redirect.addFlashAttribute("notice", "agreement.acknowledgedNotice");
        return "redirect:/portal/therapy/" + id + "#agreement";
    }

    @PostMapping("/portal/therapy/{id}/carry-forward")
    String carryForward(@PathVariable UUID id, @RequestParam(defaultValue = "") String plan,
                        @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.carryForward(id, plan, user);
        redirect.addFlashAttribute("notice", "ending.planSaved");
        return "redirect:/portal/therapy/" + id + "#ending";
    }

    @ExceptionHandler({EpisodeRuleViolation.class, Episodes.ConcurrentChange.class})
    String refused(RuntimeException refusal, jakarta.servlet.http.HttpServletRequest request,
                   RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", refusal instanceof EpisodeRuleViolation violation
                ? violation.messageKey() : "episode.concurrentChange");
        return "redirect:/portal/therapy/" + request.getRequestURI().split("/")[3];
    }
}
