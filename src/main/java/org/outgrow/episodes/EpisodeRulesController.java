package org.outgrow.episodes;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The administrator sets the practice's episode rules: follow-up, quiet episodes, drift without change. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class EpisodeRulesController {

    /** The form as typed: numbers that are missing or out of range are shown again with the problem named. */
    record RulesForm(@Nullable Integer followUpMonths, @Nullable Integer quietWeeks,
                     @Nullable Integer sessionsWithoutChange) {

        static RulesForm of(EpisodeRules.Rules rules) {
            return new RulesForm(rules.followUpMonths(), rules.quietWeeks(), rules.sessionsWithoutChange());
        }
    }

    private final EpisodeRules rules;

    EpisodeRulesController(EpisodeRules rules) {
        this.rules = rules;
    }

    @GetMapping("/admin/episode-rules")
    String show(Model model) {
        if (!model.containsAttribute("rules")) {
            model.addAttribute("rules", RulesForm.of(rules.current()));
        }
        return "episodes/rules";
    }

    @PostMapping("/admin/episode-rules")
    String save(@ModelAttribute("rules") RulesForm form, BindingResult result,
                @AuthenticationPrincipal OutgrowUser user, Model model, RedirectAttributes redirect) {
        check(form.followUpMonths(), 1, 24, "followUpMonths", result);
        check(form.quietWeeks(), 1, 26, "quietWeeks", result);
        check(form.sessionsWithoutChange(), 4, 52, "sessionsWithoutChange", result);
        if (result.hasErrors()) {
            return show(model);
        }
        rules.save(new EpisodeRules.Rules(form.followUpMonths(), form.quietWeeks(), form.sessionsWithoutChange()),
                user.accountId());
        redirect.addFlashAttribute("notice", "rules.saved");
        return "redirect:/admin/episode-rules";
    }

    private static void check(@Nullable Integer value, int min, int max, String field, BindingResult result) {
        if (value == null || value < min || value > max) {
            result.rejectValue(field, "rules.rule." + field);
        }
    }
}
