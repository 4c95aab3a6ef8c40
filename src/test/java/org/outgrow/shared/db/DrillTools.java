package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.outgrow.OutgrowApplication;
import org.outgrow.shared.Commands;
import org.outgrow.testing.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the external server's backup drills share: the server's own programs (an older
 * {@code pg_dump} refuses a newer server), running them, and Outgrow's {@code audit-verify} on the
 * database a drill brought back.
 */
final class DrillTools {

    record Ran(int exitCode, String output) {
    }

    private DrillTools() {
    }

    /** The directory of the server's major version that holds every one of {@code programs}. */
    static Path programs(String serverUrl, String... programs) throws SQLException {
        int major;
        try (Connection connection = TestDatabase.superuser(serverUrl)) {
            major = connection.getMetaData().getDatabaseMajorVersion();
        }
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/lib/postgresql", String.valueOf(major), "bin"),
                Path.of("/usr/pgsql-" + major, "bin")));
        Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(Path::of).forEach(candidates::add);
        return candidates.stream()
                .filter(directory -> Stream.of(programs).allMatch(name -> Files.isExecutable(directory.resolve(name))))
                .findFirst().orElseThrow(() -> new IllegalStateException("No " + String.join(", ", programs)
                        + " for PostgreSQL " + major + " found in " + candidates + "; install the server's programs."));
    }

    static Ran run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Ran(process.exitValue(), output);
    }

    static Ran run(Path program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(arguments));
        return run(command);
    }

    /** Runs {@code audit-verify} as an operator would, on the database at {@code url}; its exit code. */
    static int auditVerify(Path home, String url, String owner, String appRole) {
        try (ConfigurableApplicationContext application = new SpringApplicationBuilder(OutgrowApplication.class)
                .web(WebApplicationType.NONE).profiles("command").properties("spring.main.banner-mode=off")
                .run("--outgrow.home=" + home, "--outgrow.database.url=" + url, "--outgrow.database.user=" + owner,
                        "--outgrow.database.app-user=" + appRole)) {
            return application.getBeansOfType(Commands.OperatorCommand.class).values().stream()
                    .filter(command -> command.name().equals("audit-verify")).findFirst().orElseThrow()
                    .run(List.of());
        }
    }
}
