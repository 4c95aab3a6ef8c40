package org.outgrow.measurement;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An instrument as one person sees it, in their language (English where the instrument has no
 * translation), with the answers they have given so far. The wording is never changed.
 */
public record Questionnaire(String instrument, String title, String instructions, String licence, String attribution,
                            boolean validated, List<Question> questions) {

    public record Question(String id, int number, String text, List<Choice> choices) {
    }

    public record Choice(int value, String label) {
    }

    static Questionnaire of(Instrument instrument, Locale locale) {
        List<Question> questions = new java.util.ArrayList<>();
        for (Instrument.Item item : instrument.items()) {
            questions.add(new Question(item.id(), questions.size() + 1, text(item.text(), locale),
                    item.options().stream().map(option -> new Choice(option.value(), text(option.label(), locale)))
                            .toList()));
        }
        return new Questionnaire(instrument.id(), text(instrument.names(), locale),
                text(instrument.instructions(), locale), instrument.licence().name(),
                instrument.licence().attribution(), instrument.validated(), List.copyOf(questions));
    }

    static String text(Map<String, String> byLanguage, Locale locale) {
        String text = byLanguage.get(locale.getLanguage());
        return text != null ? text : byLanguage.getOrDefault("en", "");
    }

    /** The answers in a submitted form: item id → chosen value; unknown or malformed fields are left out. */
    static Map<String, Integer> answersFrom(Instrument instrument, Map<String, String> form) {
        Map<String, Integer> answers = new java.util.LinkedHashMap<>();
        for (Instrument.Item item : instrument.items()) {
            String value = form.get("item." + item.id());
            if (value != null && value.matches("-?\\d{1,4}")) {
                answers.put(item.id(), Integer.valueOf(value));
            }
        }
        return answers;
    }
}
