package org.outgrow;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.outgrow.measurement.ScoreCommand;
import org.outgrow.shared.crypto.RotateKeysCommand;
import org.outgrow.shared.db.BackupCommands;
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

    /** Commands run without starting the application: they need no database, or (backup, restore) manage its server themselves. */
    private static final Map<String, Function<List<String>, Integer>> STANDALONE = Map.of(
            "score", ScoreCommand::run, "rotate-keys", RotateKeysCommand::run,
            "backup", BackupCommands::backup, "restore", BackupCommands::restore);

    public static void main(String[] args) {
        if (Commands.isCommand(args)) {
            System.exit(Commands.run(OutgrowApplication.class, args, STANDALONE));
        }
        SpringApplication.run(OutgrowApplication.class, args);
    }
}
