package org.outgrow.sessions;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.outgrow.episodes.Episode;
import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The sessions of an episode, for its therapist: scheduling and recording attendance. */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class AppointmentController {

    private final SessionWork work;

    AppointmentController(SessionWork work) {
        this.work = work;
    }

    @GetMapping("/episodes/{id}/sessions")
    String list(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        Episode episode = work.episodeOfTherapist(id, user);
        if (!model.containsAttribute("appointment")) {
            model.addAttribute("appointment", AppointmentForm.empty());
        }
        model.addAttribute("episode", episode);
        model.addAttribute("appointments", work.ofEpisode(id));
        model.addAttribute("zone", work.zone());
        model.addAttribute("now", work.now());
        model.addAttribute("joint", work.joint(id));
        model.addAttribute("proposers", JointWork.ProposedBy.values());
        model.addAttribute("outcomes", java.util.List.of(Appointment.Attendance.ATTENDED,
                Appointment.Attendance.CANCELLED_BY_CLIENT, Appointment.Attendance.CANCELLED_BY_THERAPIST,
                Appointment.Attendance.DID_NOT_ATTEND));
        return "sessions/episode";
    }

    @PostMapping("/episodes/{id}/sessions")
    String schedule(@PathVariable UUID id, @ModelAttribute("appointment") AppointmentForm form, BindingResult result,
                    @AuthenticationPrincipal OutgrowUser user, Model model, RedirectAttributes redirect) {
        if (form.date() == null) {
            result.rejectValue("date", "appointment.rule.dateNeeded");
        }
        if (form.time() == null) {
            result.rejectValue("time", "appointment.rule.timeNeeded");
        }
        if (form.minutes() == null || form.minutes() < 10 || form.minutes() > 240) {
            result.rejectValue("minutes", "appointment.rule.minutes");
        }
        if (result.hasErrors()) {
            return list(id, user, model);
        }
        work.schedule(id, form.date(), form.time(), form.minutes(), user);
        redirect.addFlashAttribute("notice", "appointment.scheduled");
        return "redirect:/episodes/" + id + "/sessions";
    }

    @PostMapping("/episodes/{id}/sessions/{appointmentId}/attendance")
    String attendance(@PathVariable UUID id, @PathVariable UUID appointmentId,
                      @RequestParam Appointment.Attendance outcome, @AuthenticationPrincipal OutgrowUser user,
                      RedirectAttributes redirect) {
        work.recordAttendance(id, appointmentId, outcome, user);
        redirect.addFlashAttribute("notice", "appointment.recorded");
        return "redirect:/episodes/" + id + "/sessions";
    }

    @PostMapping("/episodes/{id}/tasks")
    String addTask(@PathVariable UUID id, @RequestParam(defaultValue = "") String description,
                   @RequestParam(defaultValue = "TOGETHER") JointWork.ProposedBy proposedBy,
                   @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        try {
            work.addTask(id, description, proposedBy, user);
            redirect.addFlashAttribute("notice", "task.agreed");
        } catch (SessionRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("description", description);
        }
        return "redirect:/episodes/" + id + "/sessions#tasks";
    }

    @PostMapping("/episodes/{id}/tasks/{taskId}/state")
    String taskState(@PathVariable UUID id, @PathVariable UUID taskId, @RequestParam JointWork.TaskState state,
                     @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.setTaskState(id, taskId, state, user);
        redirect.addFlashAttribute("notice", "task.state.changed");
        return "redirect:/episodes/" + id + "/sessions#tasks";
    }

    @ExceptionHandler(SessionRuleViolation.class)
    String refused(SessionRuleViolation violation, HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        return "redirect:/episodes/" + request.getRequestURI().split("/")[2] + "/sessions";
    }
}
