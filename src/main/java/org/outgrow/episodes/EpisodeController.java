package org.outgrow.episodes;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.springframework.format.annotation.DateTimeFormat;
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

/**
 * The therapist's side of an episode: opening it from a client, its page (agreement, foci and
 * goals, state), and each step. A step the rules refuse comes back to the page with the reason.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class EpisodeController {

    private final EpisodeWork work;

    EpisodeController(EpisodeWork work) {
        this.work = work;
    }

    @GetMapping("/clients/{clientId}/episodes")
    String ofClient(@PathVariable UUID clientId, @AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("client", work.clientOfTherapist(clientId, user));
        model.addAttribute("episodes", work.episodesOfClient(clientId, user));
        model.addAttribute("zone", work.zone());
        return "episodes/of-client";
    }

    @PostMapping("/clients/{clientId}/episodes")
    String open(@PathVariable UUID clientId, @AuthenticationPrincipal OutgrowUser user) {
        return "redirect:/episodes/" + work.open(clientId, user);
    }

    @GetMapping("/episodes/{id}")
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Model model) {
        Episode episode = work.forTherapist(id, user);
        List<Episodes.AgreementVersion> agreements = work.agreements(id);
        if (!model.containsAttribute("agreement")) {
            model.addAttribute("agreement", AgreementForm.from(agreements.isEmpty() ? null : agreements.getFirst()));
        }
        model.addAttribute("episode", episode);
        model.addAttribute("next", episode.nextStates().stream().map(EpisodeState::name)
                .collect(java.util.stream.Collectors.toSet()));
        model.addAttribute("client", work.clientOfTherapist(episode.clientId(), user));
        model.addAttribute("agreements", agreements);
        model.addAttribute("foci", work.foci(id));
        model.addAttribute("ratings", work.ratings(id));
        model.addAttribute("carryForward", work.carryForward(id));
        List<Reviews.Review> reviews = work.reviews(id);
        model.addAttribute("reviews", reviews);
        ReviewSchedule schedule = work.schedule(id, agreements, reviews);
        ChangeEvidence.Evidence evidence = work.evidence(id);
        model.addAttribute("schedule", schedule);
        model.addAttribute("evidence", evidence);
        model.addAttribute("withoutChange", work.withoutChange(schedule.attended(), evidence));
        model.addAttribute("sessionsWithoutChange", work.sessionsWithoutChange());
        model.addAttribute("quiet", work.quiet(episode));
        model.addAttribute("quietDays", work.quietDays());
        model.addAttribute("decisions", Reviews.Decision.values());
        model.addAttribute("today", work.today());
        model.addAttribute("zone", work.zone());
        model.addAttribute("endingKinds", Episode.EndingKind.values());
        model.addAttribute("statesAtEnding", Episode.StateAtEnding.values());
        return "episodes/show";
    }

    @PostMapping("/episodes/{id}/state")
    String moveTo(@PathVariable UUID id, @RequestParam EpisodeState target,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                  @Nullable LocalDate endingDate,
                  @RequestParam(required = false) Episode.@Nullable EndingKind endingKind,
                  @RequestParam(required = false) Episode.@Nullable StateAtEnding stateAtEnding,
                  @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.moveTo(id, target, endingDate, endingKind, stateAtEnding, user);
        redirect.addFlashAttribute("notice", "episode.moved." + target.name());
        return "redirect:/episodes/" + id;
    }

    @PostMapping("/episodes/{id}/agreement")
    String agree(@PathVariable UUID id, @ModelAttribute("agreement") AgreementForm form, BindingResult result,
                 @AuthenticationPrincipal OutgrowUser user, Model model, RedirectAttributes redirect) {
        AgreementTerms terms = form.terms();
        for (String[] problem : terms.problems(work.today())) {
            result.rejectValue(problem[0], problem[1]);
        }
        if (result.hasErrors()) {
            return show(id, user, model);
        }
        work.agree(id, terms, form.reason(), user);
        redirect.addFlashAttribute("notice", "agreement.saved");
        return "redirect:/episodes/" + id + "#agreement";
    }

    @PostMapping("/episodes/{id}/foci")
    String recordFocus(@PathVariable UUID id, @RequestParam(defaultValue = "") String wording,
                       @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        work.recordFocus(id, wording, user);
        redirect.addFlashAttribute("notice", "focus.recorded");
        return "redirect:/episodes/" + id + "#foci";
    }

    /** One step on a focus: describe the difficulty, judge, agree, out of scope, achieved, set aside. */
    @PostMapping("/episodes/{id}/foci/{focusId}")
    String changeFocus(@PathVariable UUID id, @PathVariable UUID focusId, @RequestParam String step,
                       @RequestParam(defaultValue = "") String text,
                       @RequestParam(required = false) @Nullable Boolean canHelp,
                       @AuthenticationPrincipal OutgrowUser user, RedirectAttributes redirect) {
        java.util.function.UnaryOperator<ChangeFocus> change = switch (step) {
            case "difficulty" -> focus -> focus.describeDifficulty(text);
            case "judgement" -> focus -> focus.therapistJudges(Boolean.TRUE.equals(canHelp), text);
            case "agree" -> ChangeFocus::agree;
            case "out-of-scope" -> focus -> focus.outOfScope(text);
            case "achieved" -> ChangeFocus::achieved;
            case "set-aside" -> focus -> focus.setAside(text);
            default -> throw new EpisodeRuleViolation("focus.rule.unknownStep");
        };
        work.changeFocus(id, focusId, change, step.toUpperCase(java.util.Locale.ROOT).replace('-', '_'), user);
        redirect.addFlashAttribute("notice", "focus.saved");
        return "redirect:/episodes/" + id + "#focus-" + focusId;
    }

    @PostMapping("/episodes/{id}/reviews")
    String review(@PathVariable UUID id, @RequestParam(required = false) Reviews.@Nullable Decision decision,
                  @RequestParam(defaultValue = "") String note, @AuthenticationPrincipal OutgrowUser user,
                  RedirectAttributes redirect) {
        if (decision == null) {
            throw new EpisodeRuleViolation("review.rule.decisionNeeded");
        }
        work.review(id, decision, note, user);
        redirect.addFlashAttribute("notice", "review.saved." + decision.name());
        return "redirect:/episodes/" + id + "#reviews";
    }

    @ExceptionHandler(EpisodeRuleViolation.class)
    String refused(EpisodeRuleViolation violation, HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        return "redirect:" + backTo(request);
    }

    @ExceptionHandler(Episodes.ConcurrentChange.class)
    String conflict(HttpServletRequest request, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", "episode.concurrentChange");
        return "redirect:" + backTo(request);
    }

    /** The page the step was taken from: the episode, or the client's episode list. */
    private static String backTo(HttpServletRequest request) {
        String[] parts = request.getRequestURI().split("/");
        return parts[1].equals("episodes") ? "/episodes/" + parts[2] : "/clients/" + parts[2] + "/episodes";
    }
}
