package org.outgrow.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.outgrow.OutgrowApplication;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.BackupCommands;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestClock;
import org.outgrow.testing.TestDatabase;
import org.outgrow.testing.TestPractice;
import org.outgrow.testing.Visitor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Checklist T33: an erasure request restricts the record at once, the end of the retention period
 * (the Clock moved past it) deletes every row of the client, and a backup from before the request,
 * restored, loses the client again at the next start. Its own application context, so that the
 * year the clock moves on touches no other test, and the nightly check never runs by itself.
 */
@OutgrowTest
@TestPropertySource(properties = "outgrow.clients.erasure-check=-")
class ErasureTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    TestPractice practices;

    @Autowired
    TestClock clock;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Erasures erasures;

    @Autowired
    Intake intake;

    @Value("${outgrow.home}")
    Path home;

    @Test
    void theRecordIsRestrictedAtOnceAndEveryRowOfItGoesWhenTheRetentionEnds() throws Exception {
        var people = practices.create();
        practices.inPractice(people, () -> intake.decideMeasurement(people.client(), true));
        Visitor therapist = Visitor.signedIn(mvc, people.therapistEmail(), TestPractice.PASSWORD);
        Visitor client = Visitor.signedIn(mvc, people.clientEmail(), TestPractice.PASSWORD);
        String episode = therapist.perform(post("/clients/" + people.client() + "/episodes").with(csrf()))
                .getResponse().getRedirectedUrl();
        UUID episodeId = UUID.fromString(episode.substring("/episodes/".length()));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("Europe/Berlin"));
        client.perform(post("/portal/therapy/" + episodeId + "/foci").param("wording", "Sleep again").with(csrf()));
        therapist.perform(post(episode + "/notes").param("body", "Cleo talked about her sister").with(csrf()));
        therapist.perform(post(episode + "/process-notes").param("text", "I felt protective").with(csrf()));
        therapist.perform(post(episode + "/dynamics").param("on", today.toString()).param("tags", "URGE_TO_RESCUE")
                .with(csrf()));
        therapist.perform(post(episode + "/supervision").param("supervisor", people.supervisor().toString())
                .param("question", "Am I too protective?").with(csrf()));
        therapist.perform(post(episode + "/measures/requests").param("instrument", "phq-9").param("email", "true")
                .with(csrf()));
        UUID alert = practices.inPractice(people, () -> {
            UUID id = Ids.next();
            jdbc.sql("""
                    insert into alert (practice_id, id, episode_id, client_id, kind, owner_id, state, opened_at)
                    values (?, ?, ?, ?, 'RISK', ?, 'OPEN', ?)""")
                    .params(people.practice().value(), id, episodeId, people.client(), people.therapist(),
                            Timestamp.from(clock.instant()))
                    .update();
            return id;
        });
        List<UUID> ids = List.of(people.client(), episodeId, people.clientAccount());
        List<String> before = rowsNaming(people, ids);
        assertThat(before).as("the client's record spans the modules' tables").hasSizeGreaterThanOrEqualTo(10)
                .contains("process_note.episode_id", "session_dynamic.episode_id", "supervision_request.episode_id");

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        assertThat(erase(admin, people.client(), "not my password").getFlashMap().get("problem"))
                .isEqualTo("erasure.confirmWrong");
        assertThat(erase(admin, people.client(), TestPractice.PASSWORD).getFlashMap().get("problem"))
                .isEqualTo("erasure.rule.openEpisode");
        practices.inPractice(people, () -> jdbc.sql("""
                update episode set state = 'ENDED', ended_at = ?, ended_by = ?, ending_kind = 'CLIENT_INITIATED',
                    state_at_ending = 'UNCHANGED', follow_up_due = ? where id = ?""")
                .params(Timestamp.from(clock.instant()), people.therapist(), java.sql.Date.valueOf(today.plusDays(90)),
                        episodeId).update());
        MvcResult alertOpen = erase(admin, people.client(), TestPractice.PASSWORD);
        assertThat(alertOpen.getFlashMap().get("problem")).isEqualTo("erasure.rule.openAlerts");
        assertThat(alertOpen.getFlashMap().get("chosen")).as("the choice is kept").isEqualTo(people.client().toString());
        practices.inPractice(people, () -> jdbc.sql("update alert set state = 'RESOLVED', resolved_at = opened_at,"
                + " resolution = 'Called her; safe' where id = ?").params(alert).update());
        assertThat(erase(admin, people.client(), TestPractice.PASSWORD).getFlashMap().get("notice"))
                .isEqualTo("erasure.done");

        assertThat(client.perform(get("/portal")).getResponse().getRedirectedUrl()).as("the live portal session")
                .endsWith("/login");
        assertThat(new Visitor(mvc).signIn(people.clientEmail(), TestPractice.PASSWORD).getResponse()
                .getRedirectedUrl()).contains("error");
        assertThat(therapist.perform(get(episode)).getResponse().getStatus()).isEqualTo(404);
        assertThat(therapist.perform(get("/clients/" + people.client())).getResponse().getStatus()).isEqualTo(404);
        assertThat(therapist.perform(get("/clients")).getResponse().getContentAsString()).doesNotContain("Cleo Client");
        assertThat(admin.perform(post("/admin/clients/" + people.client() + "/handover")
                .param("to", people.otherTherapist().toString()).with(csrf())).getResponse().getStatus())
                .as("nobody can take the record on").isEqualTo(404);
        Map<String, Object> restricted = practices.inPractice(people, () -> jdbc.sql("""
                select c.email, c.therapist_id, a.email as login, a.display_name,
                    (select count(*) from mail_outbox m where m.recipient = ?) as mails,
                    (select count(*) from measure_request r where r.client_id = c.id and r.state = 'OPEN') as links
                from client c join account a on a.id = c.account_id where c.id = ?""")
                .params(people.clientEmail(), people.client()).query().singleRow());
        assertThat(restricted.get("email")).isNull();
        assertThat(restricted.get("therapist_id")).isNull();
        assertThat((String) restricted.get("login")).endsWith("@erased.invalid");
        assertThat(restricted.get("display_name")).isEqualTo("Erased");
        assertThat(restricted.get("mails")).as("the questionnaire mail and every other").isEqualTo(0L);
        assertThat(restricted.get("links")).isEqualTo(0L);
        Map<String, Object> stopped = practices.inPractice(people, () -> jdbc.sql("""
                select (select follow_up_due from episode where id = ?) as follow_up,
                    (select given from measurement_consent where client_id = ? order by seq desc limit 1) as consent,
                    (select state from supervision_request where episode_id = ?) as supervision""")
                .params(episodeId, people.client(), episodeId).query().singleRow());
        assertThat(stopped.get("follow_up")).as("no follow-up will fall due").isNull();
        assertThat(stopped.get("consent")).as("no questionnaire is asked for").isEqualTo(false);
        assertThat(stopped.get("supervision")).as("no supervisor discusses her").isEqualTo("WITHDRAWN");
        practices.inPractice(people, () -> jdbc.sql("""
                insert into alert (practice_id, id, episode_id, client_id, kind, owner_id, state, opened_at)
                values (?, ?, ?, ?, 'OVERDUE', ?, 'OPEN', ?)""")
                .params(people.practice().value(), Ids.next(), episodeId, people.client(), people.therapist(),
                        Timestamp.from(clock.instant())).update());
        assertThat(therapist.perform(get("/alerts")).getResponse().getContentAsString())
                .as("an alert however it came about shows no restricted client").doesNotContain("Cleo Client");
        admin.perform(post("/admin/emergency").param("client", people.client().toString())
                .param("reason", "A court asked for the record").param("answer", TestPractice.PASSWORD).with(csrf()));
        String grant = practices.inPractice(people, () -> jdbc.sql("select id from emergency_access")
                .query(UUID.class).single()).toString();
        assertThat(admin.perform(get("/admin/emergency/" + grant)).getResponse().getContentAsString())
                .as("emergency access still opens it").contains("Cleo Client");
        assertThat(admin.perform(get("/admin/erasure")).getResponse().getContentAsString())
                .contains("Cleo Client").contains(today.plusYears(10).toString());
        String logged = Files.readString(home.resolve("erasure.log"));
        assertThat(logged).contains("RESTRICT\t" + people.practice().value() + "\t" + people.client())
                .doesNotContain("Cleo").doesNotContain(people.clientEmail());

        clock.set(today.plusYears(10).plusDays(1).atTime(12, 0).atZone(ZoneId.of("Europe/Berlin")).toInstant());
        erasures.eraseWhatIsDue();

        assertThat(rowsNaming(people, ids)).as("no row of any table names the client, an episode or the login")
                .containsOnly("audit_event.subject_client_id", "audit_event.actor_account_id"); // the audit log is kept
        assertThat(practices.inPractice(people, () -> jdbc.sql("""
                select count(*) from audit_event where subject_client_id = ? and action = 'CLIENT_ERASED'""")
                .params(people.client()).query(Integer.class).single())).isEqualTo(1);
        assertThat(Files.readString(home.resolve("erasure.log"))).contains("DELETE\t" + people.practice().value()
                + "\t" + people.client());
        assertThat(practices.inPractice(people, () -> jdbc.sql("select count(*) from client where display_name ="
                + " 'Otto Other'").query(Integer.class).single())).as("only that client").isEqualTo(1);
    }

    @Test
    void aBackupFromBeforeTheRequestRestoredLosesTheClientAgainAtTheNextStart() throws Exception {
        assumeThat(System.getProperty(TestDatabase.EXTERNAL_URL, "")).as("backs up the embedded database").isBlank();
        var people = practices.create();
        UUID retainedClient = people.client();
        UUID deletedClient = practices.inPractice(people, () -> jdbc.sql("select id from client where display_name ="
                + " 'Otto Other'").query(UUID.class).single());
        Path scratch = Files.createDirectories(Path.of("target", "erasure-drill", UUID.randomUUID().toString()))
                .toAbsolutePath();
        Path lastNight = scratch.resolve("last-night.zip");
        assertThat(BackupCommands.backup(List.of("--to", lastNight.toString(), "--home", home.toString()))).isZero();

        Visitor admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD);
        admin.perform(post("/admin/erasure/retention").param("years", "1").with(csrf()));
        assertThat(erase(admin, deletedClient, TestPractice.PASSWORD).getFlashMap().get("notice")).isEqualTo("erasure.done");
        clock.advance(Duration.ofDays(367));
        erasures.eraseWhatIsDue();
        admin = Visitor.signedIn(mvc, people.adminEmail(), TestPractice.PASSWORD); // a year on: signed out long ago
        assertThat(erase(admin, retainedClient, TestPractice.PASSWORD).getFlashMap().get("notice"))
                .isEqualTo("erasure.done");

        Path restored = scratch.resolve("restored-home");
        assertThat(BackupCommands.restore(List.of("--from", lastNight.toString(), "--home", restored.toString())))
                .isZero();
        FileSystemUtils.copyRecursively(home.resolve("keys"), restored.resolve("keys"));
        try (ConfigurableApplicationContext next = new SpringApplicationBuilder(OutgrowApplication.class)
                .web(WebApplicationType.NONE).properties("spring.main.banner-mode=off")
                .run("--outgrow.home=" + restored, "--outgrow.erasure-log=" + home.resolve("erasure.log"))) {
            JdbcClient restoredJdbc = next.getBean(JdbcClient.class);
            TransactionTemplate restoredTransactions = next.getBean(TransactionTemplate.class);
            Map<String, Object> after = Tenancy.call(Tenancy.Context.of(people.practice()), () -> restoredTransactions
                    .execute(status -> restoredJdbc.sql("""
                            select (select count(*) from client where id = ?) as deleted,
                                   (select count(*) from client where id = ? and email is null and therapist_id is null
                                    and erasure_requested_at is not null) as restricted,
                                   (select count(*) from account where email = ?) as login""")
                            .params(deletedClient, retainedClient, people.clientEmail()).query().singleRow()));
            assertThat(after.get("deleted")).as("deleted again").isEqualTo(0L);
            assertThat(after.get("restricted")).as("restricted again").isEqualTo(1L);
            assertThat(after.get("login")).as("the portal login is gone again").isEqualTo(0L);
        }
    }

    private MvcResult erase(Visitor admin, UUID client, String answer) throws Exception {
        return admin.perform(post("/admin/erasure").param("client", client.toString()).param("answer", answer)
                .with(csrf()));
    }

    /** Every table.column of type uuid that holds one of the ids, read as the therapist (whose private rows count too). */
    private List<String> rowsNaming(TestPractice.People people, List<UUID> ids) {
        return Tenancy.call(Tenancy.Context.of(people.practice(), people.therapist()), () -> transactions.execute(s -> {
            List<String> found = new ArrayList<>();
            List<Map<String, Object>> columns = jdbc.sql("""
                    select c.table_name, c.column_name from information_schema.columns c
                    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                    where c.table_schema = 'public' and c.data_type = 'uuid' and t.table_type = 'BASE TABLE'
                    order by 1, 2""").query().listOfRows();
            for (Map<String, Object> column : columns) {
                String name = column.get("table_name") + "." + column.get("column_name");
                long rows = jdbc.sql("select count(*) from " + column.get("table_name") + " where "
                                + column.get("column_name") + " = any(?)")
                        .param(ids.toArray(UUID[]::new)).query(Long.class).single();
                if (rows > 0) {
                    found.add(name);
                }
            }
            Stream.of("mail_outbox", "spring_session").forEach(table -> {
                String column = table.equals("mail_outbox") ? "recipient" : "principal_name";
                long rows = jdbc.sql("select count(*) from " + table + " where " + column + " = any(?)")
                        .param(new String[] {people.clientEmail(), people.clientAccount().toString()})
                        .query(Long.class).single();
                if (rows > 0) {
                    found.add(table + "." + column);
                }
            });
            return found;
        }));
    }
}
