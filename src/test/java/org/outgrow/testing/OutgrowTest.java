package org.outgrow.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole application on a real PostgreSQL: a fresh embedded server by default, or a fresh
 * database on the server named by {@code -Doutgrow.test.database-url} (CI's second pass).
 * Time is a {@link TestClock} that tests move forward instead of sleeping. Tagged
 * {@code database}, so CI's second pass ({@code -Dgroups=database}) runs every such test again.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag("database")
@SpringBootTest(properties = {
        "outgrow.mail.sender.interval=100ms",
        "outgrow.base-url=http://localhost",
        // Tests run these jobs by calling them with the TestClock. Left on, a wall-clock tick (a
        // request round at :50:00) wrote an overdue alert in the middle of another test's backup.
        "outgrow.measurement.request-round=-",
        "outgrow.measurement.drift-watch=-",
        "outgrow.episodes.follow-up-check=-"})
@AutoConfigureMockMvc
@Import({TestClock.Configuration.class, TestPractice.class})
@ContextConfiguration(initializers = TestDatabase.class)
public @interface OutgrowTest {
}
