package org.outgrow.browser;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a random port, as {@code @OutgrowTest} builds it, driven by a real
 * Chromium: test methods take a {@link com.microsoft.playwright.Page} that starts on a fresh
 * browser context, so no cookie or storage carries over from one test to the next.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "outgrow.mail.sender.interval=100ms",
        "outgrow.base-url=http://localhost"})
@Import({TestClock.Configuration.class, TestPractice.class})
@ContextConfiguration(initializers = TestDatabase.class)
@ExtendWith(Chromium.class)
public @interface BrowserTest {
}
