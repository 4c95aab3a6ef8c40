package org.outgrow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.outgrow.testing.TestPractice;

/**
 * Checklist T28 over the whole run: everything the unit and database tests printed (their
 * application logs included, kept by {@code testing.SuiteOutput}) holds no password, no secret of
 * an e-mailed link or API token, no client's name and no address in a line the application
 * logged. The demo's banner, which prints the demo password on purpose, and the create-admin
 * command's link for the operator are the only exceptions.
 */
class LogScanIT {

    private static final List<String> CLIENT_NAMES = List.of("Cleo Client", "Otto Other", "Robin Hale",
            "Priya Natarajan", "Tomasz Kowalski", "Amara Obi", "Lena Fischer", "Daniel Ortiz", "Hannah Brooks",
            "Yusuf Demir", "Claire Dubois", "Mateo Silva", "Freya Lund", "Kwame Mensah");
    private static final Pattern LINK_SECRET = Pattern.compile("/(login/link|q|invitations|feeds)/[A-Za-z0-9_-]{40,}");
    private static final Pattern BEARER = Pattern.compile("Bearer [A-Za-z0-9_-]{30,}");
    private static final Pattern APPLICATION_LINE = Pattern.compile(" (o\\.o\\.|org\\.outgrow\\.)\\S* *: ");
    private static final Pattern ADDRESS = Pattern.compile("[a-z0-9._-]+@[a-z0-9-]+(\\.[a-z0-9-]+)+");

    @Test
    void theWholeRunLogsNoSecretNameOrAddress() throws IOException {
        Path output = Path.of(System.getProperty("outgrow.suite-output.scanned", "target/suite-output/surefire.log"));
        assertThat(output).as("the run's output, kept by SuiteOutput").exists();
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        long applicationLines = lines.stream().filter(line -> APPLICATION_LINE.matcher(line).find()).count();
        assertThat(applicationLines).as("lines the application logged").isPositive();

        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = "line " + (i + 1) + ": ";
            if (line.contains(TestPractice.PASSWORD)) {
                found.add(where + "a password");
            }
            if (line.contains("outgrow demo 2026") && !line.strip().equals("password: outgrow demo 2026")) {
                found.add(where + "the demo password outside the demo's banner");
            }
            CLIENT_NAMES.stream().filter(line::contains).forEach(name -> found.add(where + "a client's name"));
            boolean operatorsLink = i > 0 && lines.get(i - 1).startsWith("Administrator invited.");
            if (LINK_SECRET.matcher(line).find() && !operatorsLink) {
                found.add(where + "a link's secret");
            }
            if (BEARER.matcher(line).find()) {
                found.add(where + "an API token");
            }
            if (APPLICATION_LINE.matcher(line).find() && ADDRESS.matcher(line).find()) {
                found.add(where + "an e-mail address in the application's log");
            }
        }
        assertThat(found).as("in " + output + " (" + lines.size() + " lines)").isEmpty();
    }
}
