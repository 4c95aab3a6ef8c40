package org.outgrow.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.deque.html.axecore.playwright.AxeBuilder;
import com.deque.html.axecore.results.AxeResults;
import com.deque.html.axecore.results.Rule;
import com.microsoft.playwright.Page;

/**
 * axe-core's accessibility rules run on the page as it stands. Serious and critical findings fail
 * the test, listed with the elements they were found on; minor and moderate ones do not.
 */
final class Axe {

    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    private Axe() {
    }

    static void assertNoSeriousViolations(Page page) {
        // Legacy mode runs axe in the page itself instead of finishing in a second, blank page:
        // several times faster, and Outgrow has no frames that would need the newer way.
        AxeResults results = new AxeBuilder(page).setLegacyMode(true).analyze();
        assertThat(results.isErrored()).as("axe-core failed on %s: %s", page.url(), results.getErrorMessage())
                .isFalse();
        List<Rule> blocking = results.getViolations().stream()
                .filter(rule -> BLOCKING.contains(rule.getImpact()))
                .toList();
        assertThat(blocking)
                .withFailMessage("Serious accessibility violations on %s:%n%s", page.url(), describe(blocking))
                .isEmpty();
    }

    private static String describe(List<Rule> rules) {
        return rules.stream()
                .map(rule -> "- " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + "\n"
                        + rule.getNodes().stream()
                        .map(node -> "    " + node.getTarget() + "  " + node.getHtml())
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
    }
}
