package org.outgrow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.outgrow.identity.AuthenticatorApp;
import org.outgrow.identity.Role;
import org.outgrow.shared.db.BackupCommands;
import org.outgrow.shared.db.DatabaseServer;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Checklist T31: what is sealed stays sealed outside the application. A process note's canary and
 * a second-factor secret occur in neither a {@code pg_dump} of the database nor the file the
 * {@code backup} command writes, though the rows themselves are there; a stored ciphertext with
 * one byte changed is refused as such, never shown as text.
 */
@OutgrowTest
@ExtendWith(OutputCaptureExtension.class)
class EncryptionAtRestTest {

    private static final Pattern PG_DUMP_VERSION = Pattern.compile("pg_dump \\(PostgreSQL\\) (\\d+)");

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    DatabaseServer server;

    @Value("${outgrow.home}")
    Path home;

    /** What was sealed, and a row id that shows the sealed rows are in a dump all the same. */
    record Sealed(String canary, String totpSecret, String noteId) {

        /** How often either secret occurs in a dump's text, as text or as bytea hex. */
        int occurrencesIn(String dump) {
            int count = 0;
            for (String secret : List.of(canary, totpSecret)) {
                String hex = HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8));
                count += occurrences(dump, secret) + occurrences(dump.toLowerCase(), hex);
            }
            return count;
        }
    }

    @Test
    void aPgDumpHoldsNeitherTheProcessNoteCanaryNorTheSecondFactorSecret() throws Exception {
        URI address = URI.create(server.jdbcUrl().substring("jdbc:".length()));
        Optional<String> pgDump = pgDumpFor(serverMajorVersion());
        assumeThat(pgDump).as("a pg_dump as new as the server (the embedded PostgreSQL ships none; CI's second"
                + " pass on the machine's PostgreSQL has one); -Doutgrow.test.pg-dump=/path names one").isPresent();
        Sealed sealed = sealSomething();

        Path dump = Files.createTempFile(Files.createDirectories(home), "dump", ".sql");
        Process process = new ProcessBuilder(pgDump.get(), "--host", address.getHost(),
                "--port", Integer.toString(address.getPort()), "--username", TestDatabase.superuser(), "--no-password",
                "--dbname", address.getPath().substring(1), "--file", dump.toString())
                .redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(said).isZero();

        String text = Files.readString(dump);
        assertThat(text).as("the dump holds the sealed rows").contains(sealed.noteId()).contains("COPY public.account");
        assertThat(sealed.occurrencesIn(text)).isZero();
    }

    @Test
    void theBackupFileHoldsNeitherTheProcessNoteCanaryNorTheSecondFactorSecret(CapturedOutput output)
            throws Exception {
        assumeThat(System.getProperty(TestDatabase.EXTERNAL_URL, "")).as("backup covers the embedded database")
                .isBlank();
        Sealed sealed = sealSomething();
        Path file = Files.createDirectories(home.resolveSibling(home.getFileName() + "-backups")).resolve("b.zip");

        assertThat(BackupCommands.backup(List.of("--to", file.toString(), "--home", home.toString())))
                .as(output.getErr()).isZero();

        assertThat(sealed.occurrencesIn(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))).isZero();
        StringBuilder unpacked = new StringBuilder();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (var entry : Collections.list(zip.entries())) {
                unpacked.append(new String(zip.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(unpacked).as("the backup holds the sealed rows").contains(sealed.noteId());
        assertThat(sealed.occurrencesIn(unpacked.toString())).isZero();
    }

    /**
     * AES-GCM authenticates: a changed key id, nonce, body or tag byte makes the note fail to
     * open, the page says so and shows nothing of it, and the other note still opens. Put back,
     * the note opens again, so the refusal was the changed byte's doing.
     */
    @Test
    void aStoredNoteWithOneByteChangedIsRefusedAndNothingOfItIsShown(CapturedOutput output) throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String intact = "Left alone " + UUID.randomUUID();
        therapist.perform(post(episode + "/process-notes").param("text", intact).with(csrf()));
        clock.advance(java.time.Duration.ofMinutes(1));
        String tampered = "To be tampered with " + UUID.randomUUID();
        therapist.perform(post(episode + "/process-notes").param("text", tampered).with(csrf()));

        try (Connection superuser = TestDatabase.superuser(server.jdbcUrl())) {
            String note = single(superuser, "select id::text from process_note where practice_id = '"
                    + people.practice().value() + "' order by written_at desc limit 1");
            int length = Integer.parseInt(single(superuser, "select length(sealed)::text from process_note where id = '"
                    + note + "'"));
            // Tink's 5-byte prefix (version, key id), the 12-byte nonce, the text, the 16-byte tag.
            for (int position : List.of(2, 5 + 6, 5 + 12 + 8, length - 1)) {
                flip(superuser, note, position);
                String page = therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString();
                assertThat(page).as("byte %d changed", position).contains("This note cannot be opened")
                        .contains(intact).doesNotContain(tampered.substring(8));
                flip(superuser, note, position);
                assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                        .as("byte %d put back", position).contains(tampered).doesNotContain("cannot be opened");
            }
            assertThat(output.getAll()).contains("Process note " + note + " failed its integrity check")
                    .doesNotContain(tampered.substring(8));
        }
    }

    /** A process note with a canary by the therapist, and a staff account with an authenticator set up. */
    private Sealed sealSomething() throws Exception {
        var people = practices.create();
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        String canary = "CANARY-T31-" + UUID.randomUUID();
        therapist.perform(post(episode + "/process-notes").param("text", "Pulled to rescue. " + canary).with(csrf()));
        assertThat(therapist.perform(get(episode + "/process-notes")).getResponse().getContentAsString())
                .as("the note was written").contains(canary);

        String email = "mfa." + people.slug() + "@example.test";
        practices.staffWithSecondFactor(people.practice(), email, Role.THERAPIST);
        Visitor staff = new Visitor(mvc);
        staff.signIn(email, TestPractice.PASSWORD);
        MvcResult setup = staff.perform(get("/login/second-factor/setup"));
        String secret = ((String) setup.getModelAndView().getModel().get("secret")).replace(" ", "");
        assertThat(staff.perform(post("/login/second-factor/setup")
                .param("code", AuthenticatorApp.code(secret, clock.instant())).with(csrf())).getResponse()
                .getRedirectedUrl()).as("the authenticator was set up").isEqualTo("/");

        try (Connection superuser = TestDatabase.superuser(server.jdbcUrl())) {
            assertThat(single(superuser, "select count(*)::text from account where email = '" + email
                    + "' and totp_secret is not null")).isEqualTo("1");
            return new Sealed(canary, secret, single(superuser, "select id::text from process_note where"
                    + " practice_id = '" + people.practice().value() + "'"));
        }
    }

    private static void flip(Connection superuser, String note, int position) throws SQLException {
        try (PreparedStatement update = superuser.prepareStatement(
                "update process_note set sealed = set_byte(sealed, ?, get_byte(sealed, ?) # 1) where id = ?::uuid")) {
            update.setInt(1, position);
            update.setInt(2, position);
            update.setString(3, note);
            assertThat(update.executeUpdate()).isOne();
        }
    }

    private int serverMajorVersion() throws SQLException {
        try (Connection superuser = TestDatabase.superuser(server.jdbcUrl())) {
            return Integer.parseInt(single(superuser, "show server_version_num")) / 10000;
        }
    }

    /** The pg_dump named by {@code outgrow.test.pg-dump} or else on the PATH, if it can dump that server. */
    private static Optional<String> pgDumpFor(int serverMajor) throws IOException, InterruptedException {
        List<String> candidates = new ArrayList<>();
        String named = System.getProperty("outgrow.test.pg-dump", "");
        if (!named.isBlank()) {
            candidates.add(named);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(directory, "pg_dump").toString());
        }
        for (String candidate : candidates) {
            if (!Files.isExecutable(Path.of(candidate))) {
                continue;
            }
            Process version = new ProcessBuilder(candidate, "--version").redirectErrorStream(true).start();
            Matcher major = PG_DUMP_VERSION.matcher(new String(version.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
            if (version.waitFor(30, TimeUnit.SECONDS) && major.find() && Integer.parseInt(major.group(1)) >= serverMajor) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The superuser the tests reach the server as: the embedded server's, or the one CI names. */


    private static String single(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).isTrue();
            return result.getString(1);
        }
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }
}
