package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** Every English message has a German one and the reverse, and every key a template uses exists. */
class MessagesTest {

    @Test
    void englishAndGermanHaveTheSameKeys() throws IOException {
        assertThat(load("messages_de.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("messages.properties").stringPropertyNames());
    }

    @Test
    void noKeyIsDefinedTwice() throws IOException {
        for (String name : new String[] {"messages.properties", "messages_de.properties"}) {
            Set<String> seen = new TreeSet<>();
            Set<String> twice = new TreeSet<>();
            for (String line : Files.readAllLines(Path.of("src/main/resources", name), StandardCharsets.UTF_8)) {
                int equals = line.indexOf('=');
                if (equals > 0 && !line.startsWith("#") && !seen.add(line.substring(0, equals).strip())) {
                    twice.add(line.substring(0, equals).strip());
                }
            }
            assertThat(twice).as(name).isEmpty();
        }
    }

    /**
     * A message with arguments goes through {@link java.text.MessageFormat}, which drops a single
     * apostrophe ("the client''s" is needed); one without is shown as written ("the client's").
     */
    @Test
    void apostrophesAreWrittenAsTheirMessageIsShown() throws IOException {
        Pattern argument = Pattern.compile("\\{\\d");
        Pattern single = Pattern.compile("(?<!')'(?!')");
        for (String name : new String[] {"messages.properties", "messages_de.properties"}) {
            Properties messages = load(name);
            Set<String> wrong = new TreeSet<>();
            for (String key : messages.stringPropertyNames()) {
                String text = messages.getProperty(key);
                if (argument.matcher(text).find() ? single.matcher(text).find() : text.contains("''")) {
                    wrong.add(key);
                }
            }
            assertThat(wrong).as(name + ": write ' as '' in messages with {0}, and as ' in the others").isEmpty();
        }
    }

    @Test
    void everyLiteralKeyInTheTemplatesExists() throws IOException {
        Set<String> keys = load("messages.properties").stringPropertyNames();
        Pattern literal = Pattern.compile("#\\{([a-zA-Z][\\w.]*)[}(]");
        Set<String> missing = new TreeSet<>();
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path template : templates.filter(path -> path.toString().endsWith(".html")).toList()) {
                Matcher matcher = literal.matcher(Files.readString(template));
                while (matcher.find()) {
                    if (!keys.contains(matcher.group(1))) {
                        missing.add(template.getFileName() + ": " + matcher.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private static Properties load(String name) throws IOException {
        Properties properties = new Properties();
        try (var reader = new InputStreamReader(MessagesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
