package org.outgrow.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import org.outgrow.measurement.Answer;
import org.outgrow.measurement.Instrument;
import org.outgrow.measurement.InstrumentLibrary;
import org.outgrow.measurement.Score;
import org.outgrow.measurement.Scorer;
import org.outgrow.shared.Ids;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Writes a synthetic practice for the benchmarks straight into a migrated Outgrow database with
 * PostgreSQL COPY, as a superuser (row-level security is forced, so the schema owner alone would
 * see nothing): therapists with 25–40 clients each, every client with an ended episode and about
 * a third with an open one too, PHQ-9 and GAD-7 before every attended session on improving, flat
 * and deteriorating trajectories, dropouts, goals, open and overdue questionnaires. Every score is
 * the application's own {@link Scorer}'s. Lives in the test sources, so no production jar can run
 * it. Usage (after the application has migrated the database once):
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) org.outgrow.benchmarks.SyntheticPractice \
 *     --url jdbc:postgresql://127.0.0.1:5432/outgrow_bench --user postgres \
 *     --practice bench --clients 100000 --responses 2000000
 * </pre>
 *
 * Every account's password is {@value #PASSWORD}; the administrator is {@code admin@<practice>.bench.test},
 * therapist n is {@code therapist-n@<practice>.bench.test} (n from 1).
 */
public final class SyntheticPractice {

    static final String PASSWORD = "outgrow bench 2026";

    private static final String[] FIRST = {"Alex", "Sam", "Robin", "Jamie", "Kim", "Noor", "Ana", "Luca", "Mia",
        "Omar", "Lena", "Yusuf", "Ivy", "Theo", "Zara", "Finn", "Maya", "Ravi", "Elif", "Jonas", "Aiko", "Tomas"};
    private static final String[] LAST = {"Hale", "Obi", "Fischer", "Okafor", "Weber", "Lindqvist", "Novak", "Silva",
        "Rossi", "Kowalski", "Haddad", "Nguyen", "Murphy", "Jensen", "Costa", "Meyer", "Khan", "Dubois", "Sato"};
    private static final String[] GOALS = {"Get back to work three days a week", "Sleep through most nights",
        "Say no to extra shifts without guilt", "See friends once a week", "Stop checking the door at night",
        "Go to the supermarket alone", "Talk to my sister about the move", "Feel less on edge in meetings"};

    enum Course { IMPROVING, FLAT, DETERIORATING, RELAPSING }

    /** One generated episode; its sessions are re-derived from {@code seed} for appointments and responses. */
    record Episode(UUID id, UUID client, UUID therapist, String state, Instant opened, int sessions, Course course,
                   double phqStart, double gadStart, long seed, boolean open) {
    }

    private final Connection db;
    private final InstrumentLibrary library = new InstrumentLibrary();
    private final Instrument phq = library.find("phq-9").orElseThrow();
    private final Instrument gad = library.find("gad-7").orElseThrow();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final long started = System.nanoTime();

    private SyntheticPractice(Connection db) {
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int clients = Integer.parseInt(options.getOrDefault("clients", "100000"));
        long responses = Long.parseLong(options.getOrDefault("responses", "2000000"));
        String slug = options.getOrDefault("practice", "bench");
        long seed = Long.parseLong(options.getOrDefault("seed", "20261201"));
        try (Connection db = DriverManager.getConnection(options.getOrDefault("url",
                "jdbc:postgresql://127.0.0.1:5432/outgrow_bench"), options.getOrDefault("user", "postgres"),
                options.getOrDefault("password", ""))) {
            db.setAutoCommit(false);
            new SyntheticPractice(db).generate(slug, clients, responses, seed);
        }
    }

    private void generate(String slug, int clientCount, long responseTarget, long seed) throws SQLException,
            IOException {
        SplittableRandom random = new SplittableRandom(seed);
        UUID practice = Ids.next();
        try (PreparedStatement insert = db.prepareStatement(
                "insert into practice (id, slug, name, time_zone, demo, created_at) values (?, ?, ?, 'Europe/Berlin', false, ?)")) {
            insert.setObject(1, practice);
            insert.setString(2, slug);
            insert.setString(3, "Synthetic practice '" + slug + "' (benchmarks)");
            insert.setObject(4, java.sql.Timestamp.from(now.minus(Duration.ofDays(1200))));
            insert.executeUpdate();
        }
        String hash = new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(PASSWORD);

        // Therapists: 25–40 clients each, so about one per 32 clients.
        List<UUID> therapists = new ArrayList<>();
        List<Integer> capacity = new ArrayList<>();
        for (int assigned = 0; assigned < clientCount; ) {
            int size = Math.min(25 + random.nextInt(16), clientCount - assigned);
            therapists.add(Ids.next());
            capacity.add(size);
            assigned += size;
        }
        UUID admin = Ids.next();
        try (Copy copy = copy("account (practice_id, id, email, display_name, roles, password_hash, mfa_exempt, "
                + "sessions_valid_after, created_at)")) {
            String created = ts(now.minus(Duration.ofDays(1100)));
            copy.row(practice, admin, "admin@" + slug + ".bench.test", "Bench Administrator", "{ADMIN}", hash, "t",
                    created, created);
            for (int n = 0; n < therapists.size(); n++) {
                copy.row(practice, therapists.get(n), "therapist-" + (n + 1) + "@" + slug + ".bench.test",
                        name(random) + " (therapist " + (n + 1) + ")", "{THERAPIST}", hash, "t", created, created);
            }
        }
        db.commit();
        progress("accounts", therapists.size() + 1, therapists.size() + 1);

        // Clients, their consent, and their episodes: one ended, and for about a third one open now.
        List<Episode> episodes = new ArrayList<>();
        double sessionsPerEpisode = responseTarget / 2.0 / (clientCount * 1.32);
        try (Copy clientCopy = copy("client (practice_id, id, display_name, therapist_id, created_at)")) {
            int therapist = 0;
            int left = capacity.get(0);
            for (int c = 0; c < clientCount; c++) {
                if (left == 0) {
                    therapist++;
                    left = capacity.get(therapist);
                }
                left--;
                UUID client = Ids.next();
                UUID owner = therapists.get(therapist);
                Instant firstOpened = now.minus(Duration.ofDays(150 + random.nextInt(950)));
                clientCopy.row(practice, client, name(random), owner, ts(firstOpened.minus(Duration.ofDays(3))));
                episodes.add(episode(random, client, owner, firstOpened, false, sessionsPerEpisode));
                if (random.nextDouble() < 0.32) {
                    Instant opened = now.minus(Duration.ofDays(5 + random.nextInt(140)));
                    episodes.add(episode(random, client, owner, opened, true, sessionsPerEpisode));
                }
                if ((c + 1) % 20_000 == 0) {
                    progress("clients", c + 1, clientCount);
                }
            }
        }
        try (Copy consent = copy("measurement_consent (practice_id, id, client_id, given, recorded_at)")) {
            for (Episode episode : episodes) {
                if (!episode.open()) {
                    consent.row(practice, Ids.next(), episode.client(), "t", ts(episode.opened()));
                }
            }
        }
        db.commit();
        progress("clients", clientCount, clientCount);

        try (Copy copy = copy("episode (practice_id, id, client_id, therapist_id, state, opened_at, ended_at, ended_by, "
                + "ending_kind, follow_up_due)")) {
            for (Episode episode : episodes) {
                if (episode.open()) {
                    copy.row(practice, episode.id(), episode.client(), episode.therapist(), episode.state(),
                            ts(episode.opened()), null, null, null, null);
                } else {
                    Instant ended = sessionAt(episode, episode.sessions() - 1).plus(Duration.ofDays(7));
                    String kind = endingKind(episode);
                    copy.row(practice, episode.id(), episode.client(), episode.therapist(), episode.state(),
                            ts(episode.opened()), ts(ended), episode.therapist(), kind,
                            episode.state().equals("FOLLOW_UP") ? LocalDate.ofInstant(ended, ZoneOffset.UTC)
                                    .plusMonths(3).toString() : null);
                }
            }
        }
        db.commit();
        progress("episodes", episodes.size(), episodes.size());

        // What the caseload reads of open episodes: agreement, goals with ratings, the next appointment, requests.
        try (Copy agreements = copy("agreement_version (practice_id, id, episode_id, number, planned_sessions, frequency, "
                + "review_every_sessions, therapist_commits, client_commits, created_by, created_at, acknowledged_at, "
                + "acknowledged_by)")) {
            for (Episode episode : episodes) {
                if (episode.open() && !episode.state().equals("INTAKE")) {
                    agreements.row(practice, Ids.next(), episode.id(), 1, 12, "weekly", 6,
                            "Weekly sessions, measures reviewed together", "Come prepared, try the agreed tasks",
                            episode.therapist(), ts(episode.opened().plus(Duration.ofDays(7))),
                            ts(episode.opened().plus(Duration.ofDays(8))), null);
                }
            }
        }
        List<UUID[]> foci = new ArrayList<>();
        try (Copy copy = copy("change_focus (practice_id, id, episode_id, wording, written_by, author_id, "
                + "client_wants_change, therapy_can_help, status, created_at)")) {
            for (Episode episode : episodes) {
                if (episode.open() && !episode.state().equals("INTAKE")) {
                    SplittableRandom own = new SplittableRandom(episode.seed() ^ 0x5eedL);
                    for (int f = 0, count = 1 + own.nextInt(2); f < count; f++) {
                        UUID focus = Ids.next();
                        foci.add(new UUID[] {focus, episode.id(), episode.client()});
                        copy.row(practice, focus, episode.id(), GOALS[own.nextInt(GOALS.length)], "CLIENT",
                                episode.therapist(), "YES", "YES", "AGREED", ts(episode.opened().plus(Duration.ofDays(7))));
                    }
                }
            }
        }
        Map<UUID, Episode> byId = new HashMap<>();
        episodes.forEach(episode -> byId.put(episode.id(), episode));
        try (Copy copy = copy("goal_rating (practice_id, id, focus_id, rating, occasion, rated_at, rated_by)")) {
            for (UUID[] focus : foci) {
                Episode episode = byId.get(focus[1]);
                SplittableRandom own = new SplittableRandom(episode.seed() ^ focus[0].getLeastSignificantBits());
                int baseline = own.nextInt(1, 5);
                Instant at = episode.opened().plus(Duration.ofDays(8));
                copy.row(practice, Ids.next(), focus[0], baseline, "BASELINE", ts(at), episode.therapist());
                if (episode.sessions() >= 6) {
                    int change = episode.course() == Course.IMPROVING ? own.nextInt(1, 5)
                            : episode.course() == Course.DETERIORATING ? -own.nextInt(0, 2) : own.nextInt(-1, 2);
                    copy.row(practice, Ids.next(), focus[0], Math.clamp(baseline + change, 0, 10), "REVIEW",
                            ts(sessionAt(episode, 5)), episode.therapist());
                }
            }
        }
        db.commit();
        progress("agreements and goals", foci.size(), foci.size());

        long appointments = 0;
        try (Copy copy = copy("appointment (practice_id, id, episode_id, starts_at, minutes, attendance, recorded_at, "
                + "created_at)")) {
            for (Episode episode : episodes) {
                for (int s = 0; s < episode.sessions(); s++) {
                    Instant at = sessionAt(episode, s);
                    copy.row(practice, Ids.next(), episode.id(), ts(at), 50, "ATTENDED", ts(at.plus(Duration.ofMinutes(55))),
                            ts(at.minus(Duration.ofDays(7))));
                    appointments++;
                }
                if (episode.open()) {
                    Instant next = now.plus(Duration.ofHours(2 + new SplittableRandom(episode.seed()).nextInt(24 * 10)));
                    copy.row(practice, Ids.next(), episode.id(), ts(next), 50, "SCHEDULED", null, ts(now));
                    appointments++;
                }
            }
        }
        db.commit();
        progress("appointments", appointments, appointments);

        try (Copy copy = copy("measure_request (practice_id, id, episode_id, client_id, instrument, occasion, "
                + "occasion_key, state, created_at, due_at, expires_at)")) {
            for (Episode episode : episodes) {
                if (episode.open()) {
                    SplittableRandom own = new SplittableRandom(episode.seed() ^ 0xabcdL);
                    Instant due = own.nextDouble() < 0.2 ? now.minus(Duration.ofDays(1 + own.nextInt(5)))
                            : now.plus(Duration.ofDays(1 + own.nextInt(6)));
                    copy.row(practice, Ids.next(), episode.id(), episode.client(), "phq-9", "BEFORE_SESSION",
                            "bench:" + due, "OPEN", ts(due.minus(Duration.ofDays(2))), ts(due),
                            ts(due.plus(Duration.ofDays(7))));
                }
            }
        }
        db.commit();

        // The responses: PHQ-9 and GAD-7 before each attended session, scored by the application's engine.
        long written = 0;
        long expected = episodes.stream().mapToLong(episode -> 2L * episode.sessions()).sum();
        try (Copy copy = copy("measure_response (practice_id, id, episode_id, client_id, submission_key, instrument, "
                + "instrument_version, answers, answered_at, session_number, source, completeness, total, band, "
                + "caseness, risk, subscales)")) {
            for (Episode episode : episodes) {
                SplittableRandom own = new SplittableRandom(episode.seed() ^ 0x9e3779b97f4a7c15L);
                for (int s = 0; s < episode.sessions(); s++) {
                    Instant at = sessionAt(episode, s).minus(Duration.ofMinutes(30 + own.nextInt(600)));
                    String source = episode.open() ? "PORTAL" : own.nextDouble() < 0.8 ? "PORTAL" : "LINK";
                    for (Instrument instrument : List.of(phq, gad)) {
                        double start = instrument == phq ? episode.phqStart() : episode.gadStart();
                        int total = target(episode, s, start, instrument.items().size() * 3, own);
                        List<Answer> answers = answers(instrument, total, own);
                        Score score = Scorer.score(instrument, answers);
                        copy.row(practice, Ids.next(), episode.id(), episode.client(), Ids.next(), instrument.id(),
                                instrument.version(), json(answers), ts(at), s, source, score.completeness().name(),
                                score.total(), score.band(), score.caseness() == null ? null : score.caseness() ? "t" : "f",
                                score.risk().name(), subscales(score.subscales()));
                        if (++written % 200_000 == 0) {
                            progress("responses", written, expected);
                        }
                    }
                }
            }
        }
        db.commit();
        progress("responses", written, expected);

        db.setAutoCommit(true);
        try (Statement analyze = db.createStatement()) {
            for (String table : List.of("account", "client", "measurement_consent", "episode", "agreement_version",
                    "change_focus", "goal_rating", "appointment", "measure_request", "measure_response",
                    "measure_span", "episode_attendance")) {
                analyze.execute("analyze " + table);
            }
        }
        System.out.printf(Locale.ROOT, "Done in %.0f s: practice '%s' (%s), %d therapists, %d clients, %d episodes "
                        + "(%d open), %d appointments, %d responses. Password of every account: %s%n",
                seconds(), slug, practice, therapists.size(), clientCount, episodes.size(),
                episodes.stream().filter(Episode::open).count(), appointments, written, PASSWORD);
    }

    private Episode episode(SplittableRandom random, UUID client, UUID therapist, Instant opened, boolean open,
                            double meanSessions) {
        double draw = random.nextDouble();
        Course course = draw < 0.50 ? Course.IMPROVING : draw < 0.80 ? Course.FLAT : draw < 0.90 ? Course.DETERIORATING
                : Course.RELAPSING;
        int sessions;
        String state;
        if (open) {
            long weeks = Duration.between(opened, now).toDays() / 8;
            sessions = (int) Math.clamp(weeks, 0, 30);
            double s = random.nextDouble();
            state = sessions == 0 ? "INTAKE" : s < 0.05 ? "ASSESSMENT" : s < 0.9 ? "ACTIVE" : "ENDING";
        } else {
            // About one in five drops out early; the rest spread around the mean.
            boolean dropout = random.nextDouble() < 0.2;
            sessions = dropout ? 1 + random.nextInt(3)
                    : Math.clamp(Math.round(meanSessions * 1.1 + random.nextGaussian() * meanSessions * 0.4), 2, 18);
            state = random.nextDouble() < 0.15 ? "FOLLOW_UP" : "ENDED";
            if (dropout) {
                course = random.nextDouble() < 0.6 ? Course.FLAT : course;
            }
        }
        double phq = Math.clamp(14 + random.nextGaussian() * 5, 3, 27);
        double gad = Math.clamp(phq * 0.7 + random.nextGaussian() * 3, 2, 21);
        return new Episode(Ids.next(), client, therapist, state, opened, sessions, course, phq, gad, random.nextLong(),
                open);
    }

    private static String endingKind(Episode episode) {
        if (episode.sessions() <= 3) {
            return new SplittableRandom(episode.seed()).nextDouble() < 0.8 ? "DROPPED_OUT" : "CLIENT_INITIATED";
        }
        double draw = new SplittableRandom(episode.seed()).nextDouble();
        return draw < 0.8 ? "PLANNED" : draw < 0.9 ? "CLIENT_INITIATED" : draw < 0.95 ? "THERAPIST_INITIATED"
                : "REFERRED";
    }

    /** Weekly sessions with a little slack, from a week after the episode opened. */
    private static Instant sessionAt(Episode episode, int session) {
        long jitter = Math.floorMod(episode.seed() * 31 + session * 7919L, 72);
        return episode.opened().plus(Duration.ofDays(7L * (session + 1))).plus(Duration.ofHours(jitter - 36));
    }

    /** The total this session's answers add up to on the episode's course, with session-to-session noise. */
    private static int target(Episode episode, int session, double start, int max, SplittableRandom random) {
        double progress = episode.sessions() <= 1 ? 0 : session / (double) (episode.sessions() - 1);
        double course = switch (episode.course()) {
            case IMPROVING -> start * (1 - 0.65 * progress);
            case FLAT -> start;
            case DETERIORATING -> start + 0.3 * max * progress;
            case RELAPSING -> progress < 0.6 ? start * (1 - progress) : start * (0.4 + (progress - 0.6) * 1.2);
        };
        return (int) Math.clamp(Math.round(course + random.nextGaussian() * 2.0), 0, max);
    }

    /** Answers (0–3 each) that add up to the total; the PHQ-9 risk item stays at 0 for most people. */
    private List<Answer> answers(Instrument instrument, int total, SplittableRandom random) {
        int items = instrument.items().size();
        int[] values = new int[items];
        boolean phq9 = instrument == phq;
        int spread = phq9 ? items - 1 : items;
        int left = total;
        if (phq9 && random.nextDouble() < 0.03 * total / 27.0 * 3) {
            values[items - 1] = 1;
            left--;
        }
        while (left > 0) {
            int at = random.nextInt(spread);
            if (values[at] < 3) {
                values[at]++;
                left--;
            } else if (allFull(values, spread)) {
                values[items - 1] = Math.min(3, values[items - 1] + left);
                break;
            }
        }
        List<Answer> answers = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            answers.add(Answer.of(instrument.items().get(i).id(), values[i]));
        }
        return answers;
    }

    private static boolean allFull(int[] values, int spread) {
        for (int i = 0; i < spread; i++) {
            if (values[i] < 3) {
                return false;
            }
        }
        return true;
    }

    private static String json(List<Answer> answers) {
        StringBuilder json = new StringBuilder("{");
        for (Answer answer : answers) {
            json.append(json.length() > 1 ? "," : "").append('"').append(answer.item()).append("\":").append(answer.value());
        }
        return json.append('}').toString();
    }

    private static String subscales(Map<String, Double> subscales) {
        StringBuilder json = new StringBuilder("{");
        subscales.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append('"').append(name)
                .append("\":").append(value));
        return json.append('}').toString();
    }

    private static String name(SplittableRandom random) {
        return FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
    }

    private static String ts(Instant instant) {
        return instant.toString();
    }

    private void progress(String what, long done, long of) {
        System.out.printf(Locale.ROOT, "[%6.1f s] %-22s %,12d / %,d%n", seconds(), what, done, of);
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }

    private Copy copy(String table) throws SQLException {
        return new Copy(db.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin"));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("Expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** Rows in COPY's text format, sent in chunks of about a megabyte. */
    static final class Copy implements AutoCloseable {
        private final CopyIn in;
        private final StringBuilder buffer = new StringBuilder(1 << 20);

        Copy(CopyIn in) {
            this.in = in;
        }

        void row(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    buffer.append('\t');
                }
                Object value = values[i];
                if (value == null) {
                    buffer.append("\\N");
                } else {
                    String text = value.toString();
                    for (int c = 0; c < text.length(); c++) {
                        char ch = text.charAt(c);
                        switch (ch) {
                            case '\\' -> buffer.append("\\\\");
                            case '\t' -> buffer.append("\\t");
                            case '\n' -> buffer.append("\\n");
                            case '\r' -> buffer.append("\\r");
                            default -> buffer.append(ch);
                        }
                    }
                }
            }
            buffer.append('\n');
            if (buffer.length() > (1 << 20)) {
                flush();
            }
        }

        private void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            in.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        @Override
        public void close() throws SQLException {
            flush();
            in.endCopy();
        }
    }
}
