package org.outgrow.measurement;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.Tokens;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.web.Htmx;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Answering from an e-mailed link, without signing in: the secret in the address opens exactly one
 * questionnaire until it is answered or expires. After sending, the browser lands on an address
 * without the secret, so it is not left in the history or shown to anyone looking on.
 */
@Controller
@PreAuthorize("permitAll()")
class LinkController {

    private final MeasurementWork work;
    private final TenantTransactions transactions;

    LinkController(MeasurementWork work, TenantTransactions transactions) {
        this.work = work;
        this.transactions = transactions;
    }

    @GetMapping("/q/{token}")
    String answer(@PathVariable String token, Locale locale, Model model) {
        return target(token).map(target -> inPractice(target, () -> {
            MeasurementWork.Answering answering = work.byLink(target.request());
            return show(QuestionnaireForm.fresh(answering.instrument(), answering.request().draft()), token, locale,
                    model);
        })).orElse("measurement/link-closed");
    }

    @PostMapping("/q/{token}")
    String submit(@PathVariable String token, @RequestParam Map<String, String> form,
                  @RequestParam(required = false) @Nullable UUID submissionKey,
                  @RequestParam(defaultValue = "false") boolean confirmMissing, Locale locale, Model model,
                  RedirectAttributes redirect) {
        Optional<MeasureRequests.LinkTarget> found = target(token);
        if (found.isEmpty()) {
            return "measurement/link-closed";
        }
        MeasureRequests.LinkTarget target = found.get();
        return inPractice(target, () -> {
            QuestionnaireForm filled = QuestionnaireForm.submitted(work.byLink(target.request()).instrument(), form,
                    submissionKey);
            if (filled.waitsForConfirmation(confirmMissing)) {
                work.saveDraftByLink(target.request(), filled.answers());
                return show(filled, token, locale, model);
            }
            Submissions.Outcome outcome = work.submitByLink(target.request(), filled.submissionKey(),
                    filled.answerList());
            if (outcome instanceof Submissions.Outcome.Stored stored && stored.risk()) {
                redirect.addFlashAttribute("crisis", work.crisisResources());
            }
            return outcome instanceof Submissions.Outcome.Stored ? "redirect:/q/answered" : "measurement/link-closed";
        });
    }

    @PostMapping("/q/{token}/draft")
    Object saveDraft(@PathVariable String token, @RequestParam Map<String, String> form, HttpServletRequest request,
                     Locale locale, Model model) {
        Optional<MeasureRequests.LinkTarget> found = target(token);
        if (found.isEmpty()) {
            return "measurement/link-closed";
        }
        return inPractice(found.get(), () -> {
            Instrument instrument = work.byLink(found.get().request()).instrument();
            Map<String, Integer> answers = Questionnaire.answersFrom(instrument, form);
            work.saveDraftByLink(found.get().request(), answers);
            if (Htmx.isRequest(request)) {
                return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
            }
            model.addAttribute("notice", "questionnaire.draftSaved");
            return show(QuestionnaireForm.fresh(instrument, answers), token, locale, model);
        });
    }

    @GetMapping("/q/answered")
    String answered(Model model) {
        model.addAttribute("portal", false);
        return "measurement/answered";
    }

    private Optional<MeasureRequests.LinkTarget> target(String token) {
        if (!Tokens.wellFormed(token)) {
            return Optional.empty();
        }
        return transactions.call(Tenancy.Context.lookingUpToken(Tokens.hash(token)), () -> work.link(token));
    }

    private static <T> T inPractice(MeasureRequests.LinkTarget target, java.util.function.Supplier<T> work) {
        return Tenancy.call(Tenancy.Context.of(new PracticeId(target.practice())), work);
    }

    private static String show(QuestionnaireForm form, String token, Locale locale, Model model) {
        return form.show(model, locale, "/q/" + token, "/q/" + token + "/draft", "measurement/answer");
    }

    @ExceptionHandler({InvalidResponse.class, MeasurementRuleViolation.class})
    String invalid() {
        return "measurement/link-closed";
    }
}
