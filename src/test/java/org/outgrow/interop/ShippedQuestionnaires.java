package org.outgrow.interop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.outgrow.measurement.InstrumentLibrary;

/**
 * What {@link QuestionnaireMappings#resolve} finds for a practice with the shipped instruments and
 * one mapping an administrator brought in (another system's PHQ-9, items {@code q1}…{@code q9}),
 * without its database: for the fuzz tests of what reads responses.
 */
final class ShippedQuestionnaires {

    static final InstrumentLibrary LIBRARY = new InstrumentLibrary();
    static final String FOREIGN_PHQ9 = "http://records.example/Questionnaire/depression-screen";

    private ShippedQuestionnaires() {
    }

    static Optional<QuestionnaireMappings.Resolved> resolve(String canonical) {
        String url = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
        if (url.equals(FOREIGN_PHQ9)) {
            Map<String, String> items = new LinkedHashMap<>();
            for (int item = 1; item <= 9; item++) {
                items.put("q" + item, "phq9_" + item);
            }
            return LIBRARY.find("phq-9").map(instrument -> new QuestionnaireMappings.Resolved(instrument, items));
        }
        return url.startsWith(FhirResources.BASE + "/Questionnaire/") || !url.contains("/")
                ? LIBRARY.find(FhirResources.instrumentOf(url)).map(instrument ->
                        new QuestionnaireMappings.Resolved(instrument, Map.of()))
                : Optional.empty();
    }
}
