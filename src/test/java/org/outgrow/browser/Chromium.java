package org.outgrow.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * One headless Chromium per test class and a fresh context and page per test, pointed at the
 * application under test. It uses the system's Chromium when there is one and never downloads a
 * browser. A failing test leaves a screenshot in {@code target/browser-failures}.
 */
class Chromium implements BeforeAllCallback, AfterEachCallback, ParameterResolver {

    private static final Path SYSTEM_CHROMIUM = Path.of("/usr/bin/chromium");
    private static final List<String> QUIET_HEADLESS = List.of("--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
    private static final double TIMEOUT_MILLIS = 10_000;
    private static final String OPEN_CONTEXTS = "openContexts";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        BrowserType.LaunchOptions options = new BrowserType.LaunchOptions().setHeadless(true).setArgs(QUIET_HEADLESS);
        if (Files.isExecutable(SYSTEM_CHROMIUM)) {
            options.setExecutablePath(SYSTEM_CHROMIUM);
        }
        context.getStore(NAMESPACE).put(Running.class, new Running(playwright, playwright.chromium().launch(options)));
        PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MILLIS);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Page.class;
    }

    @Override
    public Page resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Browser browser = context.getStore(NAMESPACE).get(Running.class, Running.class).browser();
        int port = SpringExtension.getApplicationContext(context).getEnvironment()
                .getRequiredProperty("local.server.port", Integer.class);
        Browser.NewContextOptions options = new Browser.NewContextOptions()
                .setBaseURL("http://localhost:" + port)
                .setLocale("en-GB");
        if (context.getRequiredTestMethod().isAnnotationPresent(Phone.class)) {
            options.setViewportSize(Phone.WIDTH, Phone.HEIGHT).setIsMobile(true).setHasTouch(true)
                    .setDeviceScaleFactor(3);
        }
        BrowserContext browserContext = browser.newContext(options);
        browserContext.setDefaultTimeout(TIMEOUT_MILLIS);
        // One context per Page parameter: a test with two pages has two people in two browsers.
        @SuppressWarnings("unchecked")
        List<BrowserContext> open = context.getStore(NAMESPACE).computeIfAbsent(OPEN_CONTEXTS,
                key -> new java.util.ArrayList<BrowserContext>(), List.class);
        open.add(browserContext);
        return browserContext.newPage();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<BrowserContext> open = context.getStore(NAMESPACE).remove(OPEN_CONTEXTS, List.class);
        if (open == null) {
            return;
        }
        for (int i = 0; i < open.size(); i++) {
            BrowserContext browserContext = open.get(i);
            if (context.getExecutionException().isPresent()) {
                String method = context.getRequiredTestMethod().getName();
                String invocation = context.getDisplayName().startsWith(method) ? "" : context.getDisplayName();
                String name = (context.getRequiredTestClass().getSimpleName() + "-" + method + "-" + invocation
                        + "-" + i).replaceAll("[^A-Za-z0-9-]+", "_");
                Path screenshot = Path.of("target", "browser-failures", name + ".png");
                browserContext.pages().forEach(page -> page.screenshot(new Page.ScreenshotOptions()
                        .setPath(screenshot).setFullPage(true)));
            }
            browserContext.close();
        }
    }

    /** Closed by JUnit with the test class's store; closing Playwright closes its browser. */
    private record Running(Playwright playwright, Browser browser) implements AutoCloseable {

        @Override
        public void close() {
            playwright.close();
        }
    }
}
