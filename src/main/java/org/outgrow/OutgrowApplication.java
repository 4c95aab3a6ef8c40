package org.outgrow;

import org.outgrow.shared.Commands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Outgrow: software for psychotherapy practices. {@code java -jar outgrow.jar} serves the web
 * application; {@code java -jar outgrow.jar <command> ...} runs one operator command and exits.
 */
@SpringBootApplication
@EnableScheduling
public class OutgrowApplication {

    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(OutgrowApplication.class, args));
        }
        SpringApplication.run(OutgrowApplication.class, args);
    }
}
