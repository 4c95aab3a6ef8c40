package org.outgrow.interop;

import org.outgrow.identity.OutgrowUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An administrator brings in another system's FHIR Questionnaire (from the instruments page):
 * recognised as an instrument Outgrow knows, its answers are scored as that instrument; carrying
 * Outgrow's scoring rules, it becomes one of the practice's own. What was typed is kept on refusal.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class QuestionnaireImportController {

    private final QuestionnaireMappings mappings;

    QuestionnaireImportController(QuestionnaireMappings mappings) {
        this.mappings = mappings;
    }

    @PostMapping("/admin/instruments/fhir")
    String bringIn(@AuthenticationPrincipal OutgrowUser admin,
                   @RequestParam(defaultValue = "") String questionnaire, Model model) {
        QuestionnaireMappings.Outcome outcome = questionnaire.length() > 1_000_000
                ? new QuestionnaireMappings.Outcome.Refused(java.util.List.of("The Questionnaire is larger than 1 MB."))
                : mappings.bringIn(questionnaire, admin);
        switch (outcome) {
            case QuestionnaireMappings.Outcome.Mapped mapped -> model.addAttribute("mapped", mapped);
            case QuestionnaireMappings.Outcome.Added added -> model.addAttribute("added", added);
            case QuestionnaireMappings.Outcome.Refused refused -> model.addAttribute("problems", refused.problems());
        }
        model.addAttribute("questionnaire", questionnaire);
        return "interop/questionnaire-import";
    }
}
