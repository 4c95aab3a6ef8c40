package org.outgrow.notes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one way relational-dynamics tags leave their author: when the therapist chooses to take them
 * to supervision, as counts per tag ("Urge to rescue or fix: 3 sessions"), never the dates alone.
 */
@Component
public class DynamicsForSupervision {

    private final Dynamics dynamics;
    private final MessageSource messages;

    DynamicsForSupervision(Dynamics dynamics, MessageSource messages) {
        this.dynamics = dynamics;
        this.messages = messages;
    }

    /** The author's tags for the episode, counted over sessions, most frequent first. */
    @Transactional(readOnly = true)
    public List<String> counted(UUID episodeId, UUID author, Locale locale) {
        Map<String, String> labels = new LinkedHashMap<>();
        dynamics.taxonomy().forEach(tag -> labels.put(tag.code(), tag.label() != null ? tag.label()
                : messages.getMessage("dynamic." + tag.code(), null, tag.code(), locale)));
        Map<String, Integer> counts = new LinkedHashMap<>();
        dynamics.timeline(episodeId, author).forEach(day -> day.tags().forEach(tag -> counts.merge(tag, 1,
                Integer::sum)));
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .map(entry -> messages.getMessage("summary.dynamic", new Object[] {
                        labels.getOrDefault(entry.getKey(), entry.getKey()), entry.getValue()}, locale))
                .toList();
    }
}
