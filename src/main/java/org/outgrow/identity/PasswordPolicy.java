package org.outgrow.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Password rules of ASVS 5 / NIST SP 800-63B: length only (at least 8 characters with a second
 * factor, 15 without; at most 128), any characters including spaces and emoji, no composition
 * rules, and never one of the 3,000 most common passwords. Length counts characters, not bytes.
 */
@Component
public class PasswordPolicy {

    public static final int MIN_WITH_SECOND_FACTOR = 8;
    public static final int MIN_WITHOUT_SECOND_FACTOR = 15;
    public static final int MAX = 128;

    private final Set<String> common;

    PasswordPolicy() {
        this.common = load();
    }

    /** The message key of the first rule the password breaks, if any. */
    public Optional<String> problem(String password, boolean secondFactor) {
        String normalized = Normalizer.normalize(password, Normalizer.Form.NFC);
        int length = normalized.codePointCount(0, normalized.length());
        int minimum = secondFactor ? MIN_WITH_SECOND_FACTOR : MIN_WITHOUT_SECOND_FACTOR;
        if (length < minimum) {
            return Optional.of(secondFactor ? "password.tooShort.withSecondFactor" : "password.tooShort");
        }
        if (length > MAX) {
            return Optional.of("password.tooLong");
        }
        if (common.contains(normalized.toLowerCase(Locale.ROOT))) {
            return Optional.of("password.common");
        }
        return Optional.empty();
    }

    private static Set<String> load() {
        var stream = PasswordPolicy.class.getResourceAsStream("/identity/common-passwords.txt");
        if (stream == null) {
            throw new IllegalStateException("identity/common-passwords.txt is missing from the classpath");
        }
        Set<String> words = new HashSet<>();
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).forEach(words::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
