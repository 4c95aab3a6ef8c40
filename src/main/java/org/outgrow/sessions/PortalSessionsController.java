package org.outgrow.sessions;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The client's sessions: what is coming and what has been. */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalSessionsController {

    private final SessionWork work;

    PortalSessionsController(SessionWork work) {
        this.work = work;
    }

    @Bean
    static Navigation sessionsNavigation() {
        return new Navigation("/portal/sessions", "nav.sessions", Set.of("CLIENT"), 3);
    }

    @Bean
    static Navigation tasksNavigation() {
        return new Navigation("/portal/tasks", "nav.tasks", Set.of("CLIENT"), 5);
    }

    @GetMapping("/portal/sessions")
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("appointments", work.ofClient(user));
        model.addAttribute("zone", work.zone());
        model.addAttribute("now", work.now());
        return "sessions/portal";
    }

    @GetMapping("/portal/sessions/{appointmentId}/preparation")
    String preparation(@PathVariable UUID appointmentId, @AuthenticationPrincipal OutgrowUser user, Model model) {
        SessionWork.Preparing preparing = work.preparing(appointmentId, user);
        model.addAttribute("preparing", preparing);
        model.addAttribute("zone", work.zone());
        if (!model.containsAttribute("bring")) {
            JointWork.Preparation saved = preparing.preparation();
            model.addAttribute("bring", saved == null || saved.bring() == null ? "" : saved.bring());
            model.addAttribute("since", saved == null || saved.since() == null ? "" : saved.since());
            model.addAttribute("version", saved == null ? null : saved.version());
        }
        return "sessions/preparation";
    }

    @PostMapping("/portal/sessions/{appointmentId}/preparation")
    String prepare(@PathVariable UUID appointmentId, @RequestParam(defaultValue = "") String bring,
                   @RequestParam(defaultValue = "") String since,
                   @RequestParam(required = false) @Nullable Integer version,
                   @AuthenticationPrincipal OutgrowUser user, Model model, RedirectAttributes redirect) {
        try {
            work.prepare(appointmentId, bring, since, version, user);
        } catch (SessionRuleViolation violation) {
            model.addAttribute("problem", violation.messageKey());
            model.addAttribute("bring", bring);
            model.addAttribute("since", since);
            model.addAttribute("version", version);
            return preparation(appointmentId, user, model);
        }
        redirect.addFlashAttribute("notice", "preparation.saved");
        return "redirect:/portal/sessions";
    }

    @GetMapping("/portal/tasks")
    String tasks(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("work", work.tasksOf(user));
        model.addAttribute("today", java.time.LocalDate.ofInstant(work.now(), work.zone()));
        return "sessions/portal-tasks";
    }

    @PostMapping("/portal/tasks")
    String propose(@RequestParam UUID episode, @RequestParam(defaultValue = "") String description,
                   @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.proposeTask(episode, description, user);
            redirect.addFlashAttribute("notice", "task.proposed");
        } catch (SessionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("description", description);
        }
        return "redirect:/portal/tasks";
    }

    @PostMapping("/portal/tasks/{taskId}/attempts")
    String logAttempt(@PathVariable UUID taskId,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate on,
                      @RequestParam(required = false) @Nullable Integer went,
                      @RequestParam(defaultValue = "") String learned,
                      @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.logAttempt(taskId, on, went, learned, user);
            redirect.addFlashAttribute("notice", "task.logged");
        } catch (SessionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("failedTask", taskId);
            redirect.addFlashAttribute("learned", learned);
        }
        return "redirect:/portal/tasks";
    }
}
