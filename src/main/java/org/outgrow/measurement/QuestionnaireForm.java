package org.outgrow.measurement;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.springframework.ui.Model;

/**
 * A questionnaire form as it comes in and as it is shown, the same in the portal, behind an
 * e-mailed link and in the room: the answers given, the submission key that makes a retry
 * harmless, and the questions left out, which the person confirms before sending.
 */
record QuestionnaireForm(Instrument instrument, Map<String, Integer> answers, UUID submissionKey,
                         List<String> unanswered) {

    /** Reads a submitted form; a form without a submission key gets a fresh one. */
    static QuestionnaireForm submitted(Instrument instrument, Map<String, String> form, @Nullable UUID submissionKey) {
        Map<String, Integer> answers = Questionnaire.answersFrom(instrument, form);
        return new QuestionnaireForm(instrument, answers, submissionKey == null ? Ids.next() : submissionKey,
                instrument.items().stream().map(Instrument.Item::id).filter(id -> !answers.containsKey(id)).toList());
    }

    /** A form to fill in, starting from the answers saved so far. */
    static QuestionnaireForm fresh(Instrument instrument, Map<String, Integer> saved) {
        return new QuestionnaireForm(instrument, saved, Ids.next(), List.of());
    }

    /** Questions are left out and the person has not said that is what they meant. */
    boolean waitsForConfirmation(boolean confirmed) {
        return !unanswered.isEmpty() && !confirmed;
    }

    /** Every item, with its value or as unanswered, for the scorer. */
    List<Answer> answerList() {
        return instrument.items().stream().map(item -> new Answer(item.id(), answers.get(item.id()))).toList();
    }

    /** Puts the form on the page and returns the view; {@code draftAction} is null where no draft is kept. */
    String show(Model model, Locale locale, String action, @Nullable String draftAction, String view) {
        model.addAttribute("questionnaire", Questionnaire.of(instrument, locale));
        model.addAttribute("values", answers);
        model.addAttribute("action", action);
        model.addAttribute("draftAction", draftAction);
        model.addAttribute("submissionKey", submissionKey);
        model.addAttribute("unanswered", unanswered);
        return view;
    }
}
