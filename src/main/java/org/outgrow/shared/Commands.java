package org.outgrow.shared;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Operator commands ({@code create-admin}, {@code audit-verify}, ...) run with the same database
 * set-up as the server but without a web server. Each command is a bean implementing
 * {@link OperatorCommand}; its exit code becomes the process's. Commands that need no database
 * ({@code score}) are passed in as {@code standalone} and run without starting the application.
 */
public final class Commands {

    private Commands() {
    }

    public static boolean isCommand(String[] args) {
        return args.length > 0 && !args[0].startsWith("-");
    }

    public static int run(Class<?> application, String[] args,
                          Map<String, Function<List<String>, Integer>> standalone) {
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        if (standalone.containsKey(args[0])) {
            return standalone.get(args[0]).apply(rest);
        }
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAdditionalProfiles("command");
        app.setDefaultProperties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "WARN"));
        try (ConfigurableApplicationContext context = app.run()) {
            String name = args[0];
            return context.getBeansOfType(OperatorCommand.class).values().stream()
                    .filter(command -> command.name().equals(name))
                    .findFirst()
                    .map(command -> command.run(rest))
                    .orElseGet(() -> {
                        System.err.println("Unknown command '" + name + "'. Known commands: "
                                + context.getBeansOfType(OperatorCommand.class).values().stream()
                                        .map(OperatorCommand::name).sorted().toList() + " and " + standalone.keySet());
                        return 2;
                    });
        }
    }

    /** One operator command. Prints to stdout/stderr and returns a process exit code. */
    public interface OperatorCommand {

        String name();

        int run(List<String> args);

        /** Reads {@code --key value} pairs; a missing required key is reported by the caller. */
        static Map<String, String> options(List<String> args) {
            java.util.LinkedHashMap<String, String> options = new java.util.LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.startsWith("--") && i + 1 < args.size()) {
                    options.put(arg.substring(2), args.get(++i));
                }
            }
            return options;
        }
    }
}
