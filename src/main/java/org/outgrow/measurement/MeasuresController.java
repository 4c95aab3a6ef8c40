package org.outgrow.measurement;

import java.util.List;
import java.util.Locale;
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

/**
 * An episode's measures for its therapist: progress per instrument (chart, table, change
 * statistics), alerts, what has been asked and what is scheduled, asking now and in-room mode.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class MeasuresController {

    private final MeasurementWork work;
    private final ProgressViews progress;
    private final Instruments instruments;

    MeasuresController(MeasurementWork work, ProgressViews progress, Instruments instruments) {
        this.work = work;
        this.progress = progress;
        this.instruments = instruments;
    }

    @GetMapping("/episodes/{id}/measures")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        MeasurementWork.EpisodeRecords records = work.ofEpisode(id, user);
        model.addAttribute("records", records);
        model.addAttribute("episode", records.episode());
        model.addAttribute("progress", progress.of(records.episode(), records.responses(), locale));
        model.addAttribute("referrerConsent", work.referrerSharing(records.episode().clientId()).orElse(null));
        model.addAttribute("instruments", instruments.forClients().stream()
                .map(instrument -> new Choice(instrument.id(), Questionnaire.text(instrument.names(), locale)))
                .toList());
        model.addAttribute("occasions", Occasion.SCHEDULABLE);
        model.addAttribute("zone", work.zone());
        model.addAttribute("now", work.now());
        return "measurement/episode";
    }

    public record Choice(String id, String title) {
    }

    @PostMapping("/episodes/{id}/measures/requests")
    String ask(@PathVariable UUID id, @RequestParam(defaultValue = "") String instrument,
               @RequestParam(defaultValue = "false") boolean email, @AuthenticationPrincipal OutgrowUser user,
               RedirectAttributes redirect) {
        work.ask(id, instrument, email, user);
        redirect.addFlashAttribute("notice", email ? "measures.askedByEmail" : "measures.asked");
        return "redirect:/episodes/" + id + "/measures";
    }

    @PostMapping("/episodes/{id}/measures/requests/{requestId}/withdraw")
    String withdraw(@PathVariable UUID id, @PathVariable UUID requestId, @AuthenticationPrincipal OutgrowUser user,
                    RedirectAttributes redirect) {
        work.withdraw(id, requestId, user);
        redirect.addFlashAttribute("notice", "measures.withdrawn");
        return "redirect:/episodes/" + id + "/measures";
    }

    @PostMapping("/episodes/{id}/measures/schedules")
    String schedule(@PathVariable UUID id, @RequestParam(defaultValue = "") String instrument,
                    @RequestParam(required = false) @Nullable Occasion occasion,
                    @RequestParam(required = false) @Nullable Integer everyDays,
                    @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        if (occasion == null) {
            throw new MeasurementRuleViolation("measures.rule.occasion");
        }
        work.schedule(id, instrument, occasion, occasion == Occasion.EVERY_N_DAYS ? everyDays : null, user);
        redirect.addFlashAttribute("notice", "measures.scheduled");
        return "redirect:/episodes/" + id + "/measures";
    }

    @PostMapping("/episodes/{id}/measures/schedules/{scheduleId}/stop")
    String stop(@PathVariable UUID id, @PathVariable UUID scheduleId, @AuthenticationPrincipal OutgrowUser user,
                RedirectAttributes redirect) {
        work.stopSchedule(id, scheduleId, user);
        redirect.addFlashAttribute("notice", "measures.stopped");
        return "redirect:/episodes/" + id + "/measures";
    }

    @ExceptionHandler(MeasurementRuleViolation.class)
    String refused(MeasurementRuleViolation violation, HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        List<String> parts = List.of(request.getRequestURI().split("/"));
        return parts.size() > 2 ? "redirect:/episodes/" + parts.get(2) + "/measures" : "redirect:/";
    }
}
