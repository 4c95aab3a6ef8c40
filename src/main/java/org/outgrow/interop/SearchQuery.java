package org.outgrow.interop;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The search parameters a FHIR search was given, checked against the ones it supports: an
 * unsupported parameter is refused rather than silently ignored, since ignoring a filter would
 * return more clinical records than were asked for.
 */
record SearchQuery(Map<String, String> values) {

    private static final Set<String> FORMATTING = Set.of("_format", "_pretty");

    static SearchQuery of(Map<String, String> query, String... supported) {
        Set<String> allowed = Set.of(supported);
        for (String name : query.keySet()) {
            if (!allowed.contains(name) && !FORMATTING.contains(name)) {
                throw new Unsupported("The search parameter '" + safe(name) + "' is not supported here; supported: "
                        + String.join(", ", supported) + ".");
            }
        }
        if (query.containsKey("_format") && !query.get("_format").contains("json")) {
            throw new Unsupported("Only JSON is offered: use _format=json or leave it out.");
        }
        return new SearchQuery(Map.copyOf(query));
    }

    @Nullable String value(String name) {
        String value = values.get(name);
        return value == null || value.isBlank() ? null : value;
    }

    @Nullable UUID id(String name) {
        String value = value(name);
        return value == null ? null : uuid(value);
    }

    /** The patient a search is limited to, as {@code patient} or {@code subject}, with or without "Patient/". */
    @Nullable UUID patient() {
        String value = value("patient") != null ? value("patient") : value("subject");
        if (value == null) {
            return null;
        }
        return uuid(value.startsWith("Patient/") ? value.substring("Patient/".length()) : value);
    }

    <T> Predicate<T> matchesId(Function<T, String> id) {
        String wanted = value("_id");
        return item -> wanted == null || wanted.equals(id.apply(item));
    }

    /** An id Outgrow issued is a UUID; anything else cannot name a record, so matches none. */
    static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }

    private static String safe(String name) {
        return name.length() > 40 || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-'
                || c == ':' || c == '.') ? "…" : name;
    }

    static final class Unsupported extends RuntimeException {
        Unsupported(String message) {
            super(message);
        }
    }
}
