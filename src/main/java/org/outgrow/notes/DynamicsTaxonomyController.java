package org.outgrow.notes;

import java.time.Clock;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The practice extends the relational-dynamics taxonomy with its own terms. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class DynamicsTaxonomyController {

    private final Dynamics dynamics;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DynamicsTaxonomyController(Dynamics dynamics, ApplicationEventPublisher events, Clock clock) {
        this.dynamics = dynamics;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/admin/dynamics")
    @Transactional(readOnly = true)
    String show(Model model) {
        model.addAttribute("taxonomy", dynamics.taxonomy());
        model.addAttribute("categories", Dynamics.Category.values());
        return "notes/taxonomy";
    }

    @PostMapping("/admin/dynamics")
    @Transactional
    String add(@RequestParam(required = false) Dynamics.@Nullable Category category,
               @RequestParam(defaultValue = "") String label, @AuthenticationPrincipal OutgrowUser user,
               RedirectAttributes redirect) {
        if (category == null || label.isBlank() || label.strip().length() > 120) {
            redirect.addFlashAttribute("problem", "dynamics.rule.label");
            redirect.addFlashAttribute("label", label);
        } else if (!dynamics.addToTaxonomy(category, label.strip(), user.accountId(), clock.instant())) {
            redirect.addFlashAttribute("problem", "dynamics.rule.exists");
        } else {
            events.publishEvent(AuditEvent.write("DYNAMIC_ADDED", "practice", user.practiceId().value(), null));
            redirect.addFlashAttribute("notice", "dynamics.added");
        }
        return "redirect:/admin/dynamics";
    }
}
