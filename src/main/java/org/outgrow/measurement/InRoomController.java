package org.outgrow.measurement;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Reauthentication;
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
 * In-room mode: the therapist hands their signed-in device to the client for one questionnaire.
 * While it is on, {@link InRoomLock} keeps the session on the questionnaire pages; only the
 * therapist's password gives the rest of the application back.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class InRoomController {

    static final String SESSION_KEY = "outgrow.inRoom";

    private final MeasurementWork work;
    private final Reauthentication reauthentication;

    InRoomController(MeasurementWork work, Reauthentication reauthentication) {
        this.work = work;
        this.reauthentication = reauthentication;
    }

    @PostMapping("/episodes/{id}/in-room")
    String start(@PathVariable UUID id, @RequestParam(defaultValue = "") String instrument,
                 @AuthenticationPrincipal OutgrowUser user, HttpSession session) {
        session.setAttribute(SESSION_KEY, new InRoomLock.Locked(work.startInRoom(id, instrument, user), id));
        return "redirect:/in-room";
    }

    @GetMapping("/in-room")
    String answer(@AuthenticationPrincipal OutgrowUser user, HttpSession session, Locale locale, Model model) {
        InRoomLock.Locked locked = locked(session);
        if (locked == null) {
            return "redirect:/";
        }
        MeasurementWork.Answering answering = work.inRoom(locked.request(), user);
        if (!answering.request().open()) {
            return "redirect:/in-room/done";
        }
        return show(QuestionnaireForm.fresh(answering.instrument(), Map.of()), locale, model);
    }

    @PostMapping("/in-room")
    String submit(@RequestParam Map<String, String> form, @RequestParam(required = false) @Nullable UUID submissionKey,
                  @RequestParam(defaultValue = "false") boolean confirmMissing,
                  @AuthenticationPrincipal OutgrowUser user, HttpSession session, Locale locale, Model model,
                  RedirectAttributes redirect) {
        InRoomLock.Locked locked = locked(session);
        if (locked == null) {
            return "redirect:/";
        }
        QuestionnaireForm filled = QuestionnaireForm.submitted(work.inRoom(locked.request(), user).instrument(), form,
                submissionKey);
        if (filled.waitsForConfirmation(confirmMissing)) {
            return show(filled, locale, model);
        }
        Submissions.Outcome outcome = work.submitInRoom(locked.request(), filled.submissionKey(),
                filled.answerList(), user);
        if (outcome instanceof Submissions.Outcome.Stored stored && stored.risk()) {
            redirect.addFlashAttribute("crisis", work.crisisResources());
        }
        return "redirect:/in-room/done";
    }

    @GetMapping("/in-room/done")
    String done(HttpSession session) {
        return locked(session) == null ? "redirect:/" : "measurement/in-room-done";
    }

    @PostMapping("/in-room/unlock")
    String unlock(@RequestParam(defaultValue = "") String password, @AuthenticationPrincipal OutgrowUser user,
                  HttpSession session, RedirectAttributes redirect) {
        InRoomLock.Locked locked = locked(session);
        if (locked == null) {
            return "redirect:/";
        }
        if (!reauthentication.confirmPassword(user, password)) {
            redirect.addFlashAttribute("problem", "inRoom.wrongPassword");
            return "redirect:/in-room/done";
        }
        session.removeAttribute(SESSION_KEY);
        return "redirect:/episodes/" + locked.episode() + "/measures";
    }

    private static String show(QuestionnaireForm form, Locale locale, Model model) {
        return form.show(model, locale, "/in-room", null, "measurement/in-room");
    }

    private static InRoomLock.@Nullable Locked locked(HttpSession session) {
        return session.getAttribute(SESSION_KEY) instanceof InRoomLock.Locked locked ? locked : null;
    }

    @ExceptionHandler(MeasurementRuleViolation.class)
    String refused(MeasurementRuleViolation violation, HttpSession session, RedirectAttributes redirect) {
        redirect.addFlashAttribute("problem", violation.messageKey());
        InRoomLock.Locked locked = locked(session);
        if (locked != null && !violation.messageKey().equals("measures.rule.noConsent")) {
            return "redirect:/in-room";
        }
        session.removeAttribute(SESSION_KEY);
        return locked == null ? "redirect:/" : "redirect:/episodes/" + locked.episode() + "/measures";
    }
}
