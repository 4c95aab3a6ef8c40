package org.outgrow.measurement;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Htmx;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * The client's questionnaires in the portal: a to-do list, answering (a draft is kept on the
 * server as they go, so a timed-out session loses nothing), and the practice's crisis resources
 * at once when an answer signals risk.
 */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class PortalQuestionnaireController {

    private final MeasurementWork work;
    private final ProgressViews progress;

    PortalQuestionnaireController(MeasurementWork work, ProgressViews progress) {
        this.work = work;
        this.progress = progress;
    }

    @Bean
    static Navigation questionnairesNavigation() {
        return new Navigation("/portal/questionnaires", "nav.questionnaires", Set.of("CLIENT"), 4);
    }

    @GetMapping("/portal/questionnaires")
    String list(@AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        model.addAttribute("toDo", work.toDo(user, locale));
        model.addAttribute("zone", work.zone());
        return "measurement/portal-list";
    }

    /** The client's own progress, with a plain explanation of what the chart shows and does not. */
    @GetMapping("/portal/progress")
    String progress(@AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        model.addAttribute("episodes", work.ofClient(user).stream()
                .map(records -> progress.of(records.episode(), records.responses(), locale)).toList());
        return "measurement/portal-progress";
    }

    @GetMapping("/portal/questionnaires/{id}")
    String answer(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        MeasurementWork.Answering answering = work.forClient(id, user);
        if (!answering.request().open()) {
            return "redirect:/portal/questionnaires";
        }
        return show(QuestionnaireForm.fresh(answering.instrument(), answering.request().draft()), id, locale, model);
    }

    @PostMapping("/portal/questionnaires/{id}")
    String submit(@PathVariable UUID id, @RequestParam Map<String, String> form,
                  @RequestParam(required = false) @Nullable UUID submissionKey,
                  @RequestParam(defaultValue = "false") boolean confirmMissing,
                  @AuthenticationPrincipal OutgrowUser user, Locale locale, Model model, RedirectAttributes redirect) {
        QuestionnaireForm filled = QuestionnaireForm.submitted(work.forClient(id, user).instrument(), form,
                submissionKey);
        if (filled.waitsForConfirmation(confirmMissing)) {
            work.saveDraft(id, filled.answers(), user);
            return show(filled, id, locale, model);
        }
        return switch (work.submit(id, filled.submissionKey(), filled.answerList(), user)) {
            case Submissions.Outcome.Stored stored -> {
                redirect.addFlashAttribute("risk", stored.risk());
                yield "redirect:/portal/questionnaires/answered";
            }
            case Submissions.Outcome.Closed closed -> {
                redirect.addFlashAttribute("problem", "questionnaire.closed.text");
                yield "redirect:/portal/questionnaires";
            }
        };
    }

    @PostMapping("/portal/questionnaires/{id}/draft")
    Object saveDraft(@PathVariable UUID id, @RequestParam Map<String, String> form,
                     @AuthenticationPrincipal OutgrowUser user, HttpServletRequest request,
                     RedirectAttributes redirect) {
        MeasurementWork.Answering answering = work.forClient(id, user);
        work.saveDraft(id, Questionnaire.answersFrom(answering.instrument(), form), user);
        if (Htmx.isRequest(request)) {
            return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
        }
        redirect.addFlashAttribute("notice", "questionnaire.draftSaved");
        return "redirect:/portal/questionnaires";
    }

    @GetMapping("/portal/questionnaires/answered")
    String answered(Model model) {
        Object risk = model.getAttribute("risk");
        if (Boolean.TRUE.equals(risk)) {
            model.addAttribute("crisis", work.crisisResources());
        }
        model.addAttribute("portal", true);
        return "measurement/answered";
    }

    private static String show(QuestionnaireForm form, UUID id, Locale locale, Model model) {
        return form.show(model, locale, "/portal/questionnaires/" + id, "/portal/questionnaires/" + id + "/draft",
                "measurement/answer");
    }

    @ExceptionHandler(MeasurementRuleViolation.class)
    String refused(MeasurementRuleViolation violation, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        return "redirect:/portal/questionnaires";
    }

    /** Only a tampered form offers a value the questionnaire does not have. */
    @ExceptionHandler(InvalidResponse.class)
    String invalid(RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", "questionnaire.invalid");
        return "redirect:/portal/questionnaires";
    }
}
