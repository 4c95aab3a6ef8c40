package org.outgrow.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Clients;
import org.outgrow.episodes.EpisodeState;
import org.outgrow.episodes.Episodes;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.measurement.ImportStaging;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.MeasurementRecords;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.db.TenantTransactions;
import org.outgrow.shared.web.SafeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk imports of historical records into the practice, for an administrator moving from paper
 * or another system. A run reads its file once, streaming, inside one transaction: it checks each
 * line and stages its answer as it goes ({@link ImportStaging}), then makes the clients and
 * episodes and stores the answers in them, so nothing is ever half-imported. At the first wrong
 * line it rolls back, having stored nothing, and reads the file again, outside any transaction,
 * to report every wrong line and what to fix. Clients, episodes and responses keep the keys they
 * had in the file, so running the same file again imports nothing twice. Progress is written as
 * it goes, in transactions of its own, for the page to show. Imported responses are scored by the
 * same engine but raise no alerts: they are history.
 */
@Service
class Imports {

    enum Format { CSV, NDJSON }

    enum State { CHECKING, IMPORTING, DONE, FAILED }

    record LineError(int line, String message) {
    }

    record Run(UUID id, Format format, @Nullable String instrument, UUID therapistId, State state, int linesRead,
               int imported, int already, int errorCount, List<LineError> errors, Instant startedAt,
               Instant updatedAt, @Nullable Instant finishedAt) {

        public boolean running() {
            return state == State.CHECKING || state == State.IMPORTING;
        }

        /** A run that stopped reporting progress: its node went away. Its transaction rolled back with it. */
        public boolean interrupted(Instant now) {
            return running() && updatedAt.isBefore(now.minus(STALE));
        }
    }

    static final int REPORTED_ERRORS = 200;
    static final Duration STALE = Duration.ofMinutes(10);
    private static final int PROGRESS_EVERY = 1000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger LOG = LoggerFactory.getLogger(Imports.class);

    private final JdbcClient jdbc;
    private final TenantTransactions transactions;
    private final Clients clients;
    private final Episodes episodes;
    private final MeasurementRecords measures;
    private final Practices practices;
    private final TaskExecutor executor;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final QuestionnaireMappings mappings;
    /** Progress is written beside the import's own transaction, so the page sees it while the import runs. */
    private final TransactionTemplate beside;

    Imports(JdbcClient jdbc, TenantTransactions transactions,
            PlatformTransactionManager transactionManager, Clients clients, Episodes episodes,
            MeasurementRecords measures, Practices practices,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor, ApplicationEventPublisher events,
            Clock clock, QuestionnaireMappings mappings) {
        this.mappings = mappings;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clients = clients;
        this.episodes = episodes;
        this.measures = measures;
        this.practices = practices;
        this.executor = executor;
        this.events = events;
        this.clock = clock;
        this.beside = new TransactionTemplate(transactionManager);
        this.beside.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Starts a run over a file the caller has saved; the run deletes it when done. Returns at once;
     * the run goes on in the background under the administrator's tenancy.
     */
    UUID start(OutgrowUser admin, Format format, @Nullable Instrument instrument, UUID therapistId, Path file) {
        UUID id = Ids.next();
        Tenancy.Context context = Tenancy.Context.of(admin.practiceId(), admin.accountId());
        Instant now = clock.instant();
        transactions.run(context, () -> {
            jdbc.sql("""
                    insert into import_run (practice_id, id, started_by, therapist_id, format, instrument, state,
                        started_at, updated_at)
                    values (?, ?, ?, ?, ?, ?, 'CHECKING', ?, ?)""")
                    .params(admin.practiceId().value(), id, admin.accountId(), therapistId, format.name(),
                            instrument == null ? null : instrument.id(), Timestamp.from(now), Timestamp.from(now))
                    .update();
            events.publishEvent(AuditEvent.write("IMPORT_STARTED", "import_run", id, null));
        });
        executor.execute(() -> {
            try {
                run(new Job(id, admin, format, instrument, therapistId, file, context));
            } finally {
                delete(file);
            }
        });
        return id;
    }

    Optional<Run> find(UUID id) {
        return jdbc.sql("select * from import_run where practice_id = ? and id = ?")
                .params(Tenancy.requirePractice().value(), id).query(Imports::map).optional();
    }

    List<Run> recent() {
        return jdbc.sql("select * from import_run where practice_id = ? order by started_at desc limit 20")
                .param(Tenancy.requirePractice().value()).query(Imports::map).list();
    }

    // --- the run ---------------------------------------------------------------------------

    private record Job(UUID id, OutgrowUser admin, Format format, @Nullable Instrument instrument, UUID therapist,
                       Path file, Tenancy.Context context) {
    }

    /** What the check found that the import needs: the file's patients and episodes, by their ids there. */
    private record Plan(Map<String, ImportRows.PatientRow> patients, Map<String, List<ImportRows.EpisodeRow>> episodes,
                        Map<String, Span> spans) {
    }

    /** The first and last answer of a patient: an episode made up for them (no EpisodeOfCare, or CSV) spans it. */
    private record Span(Instant first, Instant last) {
        Span with(Instant at) {
            return new Span(at.isBefore(first) ? at : first, at.isAfter(last) ? at : last);
        }
    }

    private void run(Job job) {
        try {
            ZoneId zone = transactions.call(job.context(), () -> practices.current().timeZone());
            // While the file is read the import's connection is busy copying answers: look-ups go beside it.
            Map<String, Optional<QuestionnaireMappings.Resolved>> seen = new HashMap<>();
            Function<String, Optional<QuestionnaireMappings.Resolved>> instruments = canonical -> seen.computeIfAbsent(
                    canonical, url -> Tenancy.call(job.context(),
                            () -> beside.execute(status -> mappings.resolve(url))));
            int[] lines = {0};
            int[] counts = {0, 0};
            try {
                transactions.run(job.context(), () -> {
                    Checked checked = new Checked();
                    try (ImportStaging staging = measures.stageImports(job.admin().accountId())) {
                        lines[0] = read(job, zone, instruments, row -> {
                            checked.check(job, row, response -> staging.add(response.patient(), response.instrument(),
                                    response.answered(), response.sessionNumber(), key(response), response.answers()));
                            if (checked.count > 0) {
                                throw new Refused(); // rolls back what was staged; the file is checked again below
                            }
                        });
                        checked.checkEpisodes();
                        if (checked.count > 0) {
                            throw new Refused();
                        }
                        staging.endOfFile();
                        progress(job, State.IMPORTING, lines[0], 0, 0);
                        Plan plan = checked.plan;
                        Keys keys = new Keys(job);
                        Map<String, UUID> clientIds = clients(job, plan, keys);
                        List<ImportStaging.Placement> placements = episodes(job, plan, clientIds, keys);
                        keys.rememberNew();
                        staging.store(placements, (imported, already) -> {
                            counts[0] = imported;
                            counts[1] = already;
                            progress(job, State.IMPORTING, lines[0], imported, already);
                        });
                    }
                    events.publishEvent(new AuditEvent("IMPORT_FINISHED", AuditEvent.Kind.WRITE, "import_run",
                            job.id().toString(), null, AuditEvent.Outcome.SUCCESS, job.admin().accountId(),
                            job.admin().practiceId()));
                });
            } catch (Refused refused) {
                // Every wrong line is reported, not only the first: the whole file is read again, outside
                // any transaction, checking only.
                Checked checked = new Checked();
                int linesRead = read(job, zone, instruments, row -> checked.check(job, row,
                        response -> ImportStaging.problem(response.instrument(), response.answers())));
                checked.checkEpisodes();
                finish(job, State.FAILED, linesRead, 0, 0, checked.errors, checked.count);
                return;
            }
            finish(job, State.DONE, lines[0], counts[0], counts[1], List.of(), 0);
        } catch (RuntimeException e) {
            String reference = Ids.next().toString().substring(0, 8);
            LOG.error("Import {} failed (reference {}): {}", job.id(), reference, SafeLog.describe(e));
            finish(job, State.FAILED, 0, 0, 0, List.of(new LineError(0, "the import stopped unexpectedly (reference "
                    + reference + "); nothing was imported. Run it again; if it fails again, tell your operator"
                    + " the reference.")), 1);
        }
    }

    /** What checking the file has found so far: what the import needs, and each wrong line (the first few hundred). */
    private static final class Checked {
        final Plan plan = new Plan(new HashMap<>(), new HashMap<>(), new HashMap<>());
        final List<LineError> errors = new ArrayList<>();
        int count;

        /** Checks one row against the file so far; {@code stage} takes a response and says what is wrong with it. */
        void check(Job job, ImportRows.Row row, Function<ImportRows.ResponseRow, Optional<String>> stage) {
            switch (row) {
                case ImportRows.Problem problem -> report(problem.line(), problem.message());
                case ImportRows.PatientRow patient -> {
                    if (plan.patients().putIfAbsent(patient.id(), patient) != null) {
                        report(patient.line(), "this Patient id appeared on an earlier line");
                    }
                }
                case ImportRows.EpisodeRow episode -> plan.episodes()
                        .computeIfAbsent(episode.patient(), patient -> new ArrayList<>()).add(episode);
                case ImportRows.ResponseRow response -> {
                    if (job.format() == Format.NDJSON && !plan.patients().containsKey(response.patient())) {
                        report(response.line(), "its subject is no Patient given on an earlier line");
                    } else {
                        stage.apply(response).ifPresent(problem -> report(response.line(), problem));
                    }
                    plan.spans().merge(response.patient(), new Span(response.answered(), response.answered()),
                            (a, b) -> a.with(b.first()));
                }
                case ImportRows.Skipped skipped -> {
                }
            }
        }

        /** A patient has at most one open episode, as in Outgrow itself; every episode's patient is in the file. */
        void checkEpisodes() {
            plan.episodes().forEach((patient, list) -> {
                if (!plan.patients().containsKey(patient)) {
                    list.forEach(episode -> report(episode.line(), "its patient is given on no line of the file"));
                }
                list.stream().filter(episode -> episode.state().open()).skip(1).forEach(episode -> report(
                        episode.line(), "the patient has another open episode; only one can be open"));
            });
        }

        private void report(int line, String message) {
            count++;
            if (errors.size() < REPORTED_ERRORS) {
                errors.add(new LineError(line, message));
            }
        }
    }

    /** The key a response is stored under: the same line in a later run names the same response. */
    private static UUID key(ImportRows.ResponseRow response) {
        return UUID.nameUUIDFromBytes(("import|" + response.key()).getBytes(StandardCharsets.UTF_8));
    }

    /** A line of the file is wrong: the import's transaction rolls back what it staged. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    /** Streams the file, line by line, into rows; returns how many lines it read. */
    private int read(Job job, ZoneId zone, Function<String, Optional<QuestionnaireMappings.Resolved>> instruments,
                     Consumer<ImportRows.Row> each) {
        int line = 0;
        try (BufferedReader reader = Files.newBufferedReader(job.file(), StandardCharsets.UTF_8)) {
            String text;
            while ((text = reader.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (job.format() == Format.CSV && line == 1) {
                    Optional<String> header = ImportRows.csvHeaderProblem(text, job.instrument());
                    if (header.isPresent()) {
                        each.accept(new ImportRows.Problem(1, header.get()));
                        return line;
                    }
                    continue;
                }
                each.accept(job.format() == Format.CSV ? ImportRows.csv(line, text, job.instrument(), zone)
                        : ImportRows.ndjson(line, text, instruments));
                if (line % PROGRESS_EVERY == 0) {
                    progress(job, null, line, null, null);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return line;
    }

    /** Every patient of the run: those the file gives, and for CSV the clients its rows name. */
    private static List<String> patientsOf(Job job, Plan plan) {
        return List.copyOf(job.format() == Format.CSV ? plan.spans().keySet() : plan.patients().keySet());
    }

    /** Each patient's client: the one an earlier run made, or a new one, registered together. */
    private Map<String, UUID> clients(Job job, Plan plan, Keys keys) {
        List<String> patients = patientsOf(job, plan);
        keys.load("CLIENT", patients);
        List<String> fresh = patients.stream().filter(patient -> keys.find("CLIENT", patient) == null).toList();
        List<UUID> made = clients.registerAll(fresh.stream().map(patient -> {
            ImportRows.PatientRow row = plan.patients().get(patient);
            return row != null ? row.name() : patient.substring(patient.indexOf(':') + 1);
        }).toList(), job.therapist());
        for (int i = 0; i < fresh.size(); i++) {
            keys.remember("CLIENT", fresh.get(i), made.get(i));
        }
        Map<String, UUID> ids = new HashMap<>();
        patientsOf(job, plan).forEach(patient -> ids.put(patient, keys.find("CLIENT", patient)));
        return ids;
    }

    /**
     * Each patient's episodes, oldest first: those the file gives (or, without any, one made up to
     * span the patient's answers), found from an earlier run or stored together.
     */
    private List<ImportStaging.Placement> episodes(Job job, Plan plan, Map<String, UUID> clientIds, Keys keys) {
        record Wanted(String patient, String external, ImportRows.EpisodeRow row) {
        }
        List<Wanted> wanted = new ArrayList<>();
        for (String patient : patientsOf(job, plan)) {
            List<ImportRows.EpisodeRow> given = plan.episodes().getOrDefault(patient, List.of());
            Span span = plan.spans().get(patient);
            List<ImportRows.EpisodeRow> rows = !given.isEmpty() || span == null ? given
                    : List.of(new ImportRows.EpisodeRow(0, "imported", patient, EpisodeState.ENDED,
                            span.first(), span.last()));
            rows.forEach(row -> wanted.add(new Wanted(patient, patient + "|" + row.id(), row)));
        }
        keys.load("EPISODE", wanted.stream().map(Wanted::external).toList());
        List<Wanted> fresh = wanted.stream().filter(one -> keys.find("EPISODE", one.external()) == null).toList();
        // A client an earlier run made keeps the therapist it has now (say, after a handover).
        Map<UUID, UUID> therapists = clients.therapistsOf(fresh.stream().map(one -> clientIds.get(one.patient()))
                .distinct().toList());
        List<UUID> made = episodes.insertImported(fresh.stream().map(one -> {
            UUID client = clientIds.get(one.patient());
            return new Episodes.Imported(client, therapists.getOrDefault(client, job.therapist()), one.row().state(),
                    one.row().opened(), one.row().ended());
        }).toList());
        for (int i = 0; i < fresh.size(); i++) {
            keys.remember("EPISODE", fresh.get(i).external(), made.get(i));
        }
        Map<String, List<ImportStaging.Placement>> placed = new LinkedHashMap<>();
        for (Wanted one : wanted) {
            placed.computeIfAbsent(one.patient(), patient -> new ArrayList<>()).add(new ImportStaging.Placement(
                    one.patient(), keys.find("EPISODE", one.external()), clientIds.get(one.patient()),
                    one.row().opened()));
        }
        return placed.values().stream()
                .flatMap(list -> list.stream().sorted(Comparator.comparing(ImportStaging.Placement::opened))).toList();
    }

    /**
     * Which external ids map to which of ours: those an earlier run made, read for the ids this
     * run names, and those it makes, written together.
     */
    private final class Keys {
        private final Job job;
        private final Map<String, UUID> known = new HashMap<>();
        private final List<String> kinds = new ArrayList<>();
        private final List<String> externals = new ArrayList<>();
        private final List<UUID> internals = new ArrayList<>();

        Keys(Job job) {
            this.job = job;
        }

        /** Reads what earlier runs made of these external ids. */
        void load(String kind, List<String> wanted) {
            jdbc.sql("""
                    select external_id, internal_id from import_key
                    where practice_id = ? and kind = ? and external_id = any(?::text[])""")
                    .params(job.admin().practiceId().value(), kind, wanted.toArray(String[]::new))
                    .query(rs -> {
                        known.put(kind + "\n" + rs.getString("external_id"), rs.getObject("internal_id", UUID.class));
                    });
        }

        @Nullable UUID find(String kind, String external) {
            return known.get(kind + "\n" + external);
        }

        void remember(String kind, String external, UUID internal) {
            known.put(kind + "\n" + external, internal);
            kinds.add(kind);
            externals.add(external);
            internals.add(internal);
        }

        void rememberNew() {
            jdbc.sql("""
                    insert into import_key (practice_id, kind, external_id, internal_id)
                    select ?, k.* from unnest(?::text[], ?::text[], ?::uuid[]) as k""")
                    .params(job.admin().practiceId().value(), kinds.toArray(String[]::new),
                            externals.toArray(String[]::new), internals.toArray(UUID[]::new))
                    .update();
            kinds.clear();
            externals.clear();
            internals.clear();
        }
    }

    /** Moves the run's progress on; a null leaves that figure as it was (reading does not know the counts). */
    private void progress(Job job, @Nullable State state, int lines, @Nullable Integer imported,
                          @Nullable Integer already) {
        Tenancy.run(job.context(), () -> beside.executeWithoutResult(status -> jdbc.sql("""
                        update import_run set state = coalesce(?, state), lines_read = greatest(lines_read, ?),
                            imported = coalesce(?, imported), already = coalesce(?, already), updated_at = ?
                        where practice_id = ? and id = ?""")
                .params(state == null ? null : state.name(), lines, imported, already,
                        Timestamp.from(clock.instant()), job.admin().practiceId().value(), job.id())
                .update()));
    }

    private void finish(Job job, State state, int lines, int imported, int already, List<LineError> errors,
                        int errorCount) {
        Instant now = clock.instant();
        Tenancy.run(job.context(), () -> beside.executeWithoutResult(status -> jdbc.sql("""
                        update import_run set state = ?, lines_read = greatest(lines_read, ?), imported = ?,
                            already = ?, error_count = ?, errors = ?::jsonb, updated_at = ?, finished_at = ?
                        where practice_id = ? and id = ?""")
                .params(state.name(), lines, imported, already, errorCount, JSON.writeValueAsString(errors),
                        Timestamp.from(now), Timestamp.from(now), job.admin().practiceId().value(), job.id())
                .update()));
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Could not delete an import file: {}", e.getClass().getSimpleName());
        }
    }

    private static Run map(ResultSet rs, int row) throws SQLException {
        List<LineError> errors = List.of(JSON.readValue(rs.getString("errors"), LineError[].class));
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Run(rs.getObject("id", UUID.class), Format.valueOf(rs.getString("format")),
                rs.getString("instrument"), rs.getObject("therapist_id", UUID.class),
                State.valueOf(rs.getString("state")), rs.getInt("lines_read"), rs.getInt("imported"),
                rs.getInt("already"), rs.getInt("error_count"), errors, rs.getTimestamp("started_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), finished == null ? null : finished.toInstant());
    }
}
