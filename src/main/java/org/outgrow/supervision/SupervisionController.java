package org.outgrow.supervision;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The supervisor's home: the cases supervisees have brought to them, and nothing else. A case shows
 * the therapist's question and the de-identified summary they brought; the supervisor records what
 * was discussed and agreed, and signs off each review brought that was held while the client was
 * not on track.
 */
@Controller
@PreAuthorize("hasRole('SUPERVISOR')")
class SupervisionController {

    private final SupervisionWork work;

    SupervisionController(SupervisionWork work) {
        this.work = work;
    }

    @Bean
    static Navigation supervisionNavigation() {
        return new Navigation("/supervision", "nav.supervision", Set.of("SUPERVISOR"), 20);
    }

    @GetMapping("/supervision")
    String queue(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("requests", work.queue(user));
        model.addAttribute("zone", work.zone());
        return "supervision/queue";
    }

    @GetMapping("/supervision/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("request", work.brought(id, user));
        model.addAttribute("zone", work.zone());
        model.addAttribute("today", work.today());
        if (!model.containsAttribute("actions")) {
            model.addAttribute("actions", "");
            model.addAttribute("discussion", "");
        }
        return "supervision/case";
    }

    @PostMapping("/supervision/{id}/records")
    String hold(@PathVariable UUID id,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate on,
                @RequestParam(defaultValue = "") String discussion, @RequestParam(defaultValue = "") String actions,
                @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.hold(id, on, discussion, actions, user);
            redirect.addFlashAttribute("notice", "supervision.recorded");
        } catch (SupervisionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("discussion", discussion);
            redirect.addFlashAttribute("actions", actions);
        }
        return "redirect:/supervision/" + id;
    }

    @PostMapping("/supervision/{id}/reviews/{reviewId}/sign-off")
    String signOff(@PathVariable UUID id, @PathVariable UUID reviewId, @RequestParam(defaultValue = "") String comment,
                   @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.signOff(id, reviewId, comment, user);
            redirect.addFlashAttribute("notice", "supervision.signedOff");
        } catch (SupervisionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("comment", comment);
            redirect.addFlashAttribute("failedReview", reviewId);
        }
        return "redirect:/supervision/" + id + "#review-" + reviewId;
    }
}
