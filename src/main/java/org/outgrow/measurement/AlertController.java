package org.outgrow.measurement;

import java.util.Set;
import java.util.UUID;

import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The therapist's open alerts, most urgent first, and questionnaires that are overdue. */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class AlertController {

    private final MeasurementWork work;

    AlertController(MeasurementWork work) {
        this.work = work;
    }

    @Bean
    static Navigation alertsNavigation() {
        return new Navigation("/alerts", "nav.alerts", Set.of("THERAPIST"), 11);
    }

    @GetMapping("/alerts")
    String list(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("alerts", work.openAlerts(user));
        model.addAttribute("overdue", work.overdue(user));
        model.addAttribute("zone", work.zone());
        if (!model.containsAttribute("resolution")) {
            model.addAttribute("resolution", "");
        }
        return "measurement/alerts";
    }

    @PostMapping("/alerts/{id}/resolution")
    String resolve(@PathVariable UUID id, @RequestParam(defaultValue = "") String resolution,
                   @RequestParam(defaultValue = "/alerts") String back, @AuthenticationPrincipal OutgrowUser user,
                   RedirectAttributes redirect) {
        try {
            work.resolve(id, resolution, user);
        } catch (MeasurementRuleViolation violation) {
            redirect.addFlashAttribute("problem", violation.messageKey());
            redirect.addFlashAttribute("resolution", resolution);
            redirect.addFlashAttribute("failedAlert", id);
            return "redirect:" + safe(back);
        }
        redirect.addFlashAttribute("notice", "alerts.resolved");
        return "redirect:" + safe(back);
    }

    /** Back to the alerts page or an episode's measures page, never to another site. */
    private static String safe(String back) {
        return back.matches("/episodes/[0-9a-f-]{36}/measures") ? back : "/alerts";
    }
}
