package org.outgrow.browser;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

import com.microsoft.playwright.Page;

/**
 * Watches pages for anything typed into them running as code (checklist T21): a dialog opening, a
 * Content Security Policy violation (reported by the page's {@code securitypolicyviolation} event and
 * by the console), an event-handler attribute, an inline script or a {@code javascript:} address in
 * the DOM, or a template expression evaluated. Payloads carry a marker and {@code ·} between their
 * parts, so an evaluated {@code ${7*7}} shows as {@code ·49}.
 */
final class Inert {

    static final String CORPUS = "·<img src=x onerror=alert(1)>·<svg onload=alert(1)>·\"><script>alert(1)</script>"
            + "·${7*7}·[[${7*7}]]·[(${7*7})]·__${7*7}__::.x·";
    /** For fields of at most 100 characters. */
    static final String SHORT_CORPUS = "·<img src=x onerror=alert(1)>·${7*7}·[[${7*7}]]·[(${7*7})]·__${7*7}__::.x·";

    private static final String EVALUATED = "·49";
    private static final String LISTEN = """
            document.addEventListener('securitypolicyviolation', event =>
                window.cspViolation(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sourceFile
                    + ':' + event.lineNumber));
            """;
    private static final String CODE_IN_THE_DOM = """
            () => [...document.querySelectorAll('*')].flatMap(element => [...element.attributes]
                    .filter(a => a.name.startsWith('on') || (/^(href|src|action|formaction|xlink:href|data)$/.test(a.name)
                        && /^\\s*javascript:/i.test(a.value)))
                    .map(a => element.tagName + ' ' + a.name + '=' + a.value))
                .concat([...document.querySelectorAll('script:not([src])')].map(s => 'inline script ' + s.text))
            """;

    final List<String> dialogs = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final Set<String> shown = new ConcurrentSkipListSet<>();
    final List<String> looked = new CopyOnWriteArrayList<>();

    /** The payload for one field: a marker naming it, then the corpus; a leading javascript: URL if it fits. */
    static String payload(String field) {
        return "javascript:alert(1)//" + field + CORPUS;
    }

    static String shortPayload(String field) {
        return field + SHORT_CORPUS;
    }

    void watch(Page page) {
        page.onDialog(dialog -> {
            dialogs.add(dialog.type() + ": " + dialog.message() + " on " + page.url());
            dialog.dismiss();
        });
        page.onConsoleMessage(message -> {
            if (message.text().contains("Content Security Policy")) {
                violations.add("console: " + message.text());
            }
        });
        page.exposeFunction("cspViolation", arguments -> violations.add(page.url() + ": " + arguments[0]));
        page.addInitScript(LISTEN);
    }

    /**
     * Checks the page as it is now and notes which of the payloads it shows verbatim, as text or as the
     * value of a form field (a note being edited); the
     * page's visible text and its HTML never hold an evaluated expression.
     */
    void look(Page page, String who, List<String> payloads) {
        page.waitForLoadState();
        String where = who + " " + page.url();
        looked.add(where);
        String html = page.content();
        String text = page.locator("body").innerText();
        if (html.contains(EVALUATED) || text.contains(EVALUATED)) {
            problems.add(where + ": a template expression was evaluated");
        }
        @SuppressWarnings("unchecked")
        List<String> code = (List<String>) page.evaluate(CODE_IN_THE_DOM);
        code.forEach(found -> problems.add(where + ": " + found));
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) page.evaluate(
                "() => [...document.querySelectorAll('textarea, input')].map(field => field.value)");
        for (String payload : payloads) {
            if (text.contains(payload) || values.contains(payload)) {
                shown.add(payload);
            }
        }
    }
}
