package org.outgrow.measurement;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Historical responses on their way into an import's transaction, so that the import reads its
 * file once: each answer is scored as its line is read and streamed by {@code COPY} into a
 * temporary table that the transaction drops. When the file is read ({@link #endOfFile}) and
 * every patient has their episodes, {@link #store} places each answer in its episode and stores
 * them all, a chunk per statement. While the file is read the transaction's connection is busy
 * copying: whatever else the reader needs from the database goes through a transaction of its
 * own. Closing it before the end of the file stops the copy, so the transaction can roll back.
 */
public final class ImportStaging implements AutoCloseable {

    /** One of a patient's episodes: an answer goes to the latest one opened by its time, else to the first. */
    public record Placement(String patient, UUID episodeId, UUID clientId, Instant opened) {
    }

    /** Told after each chunk: how many of the answers so far were new and how many were stored before. */
    public interface Progress {
        void stored(int imported, int already);
    }

    static final int CHUNK = 5000;
    private static final int FLUSH_AT = 1 << 16;

    private final JdbcClient jdbc;
    private final UUID practice;
    private final UUID importedBy;
    private final StringBuilder pending = new StringBuilder(FLUSH_AT + 1024);
    private @Nullable CopyIn copy;
    private int staged;
    private boolean allRead;

    ImportStaging(JdbcClient jdbc, Connection connection, UUID practice, UUID importedBy) {
        this.jdbc = jdbc;
        this.practice = practice;
        this.importedBy = importedBy;
        jdbc.sql("""
                create temporary table import_answer (
                    n integer not null, id uuid not null, patient text not null, submission_key uuid not null,
                    instrument text not null, instrument_version integer not null, answers jsonb not null,
                    answered_at timestamptz not null, session_number integer not null, completeness text not null,
                    total double precision, band text, caseness boolean, risk text not null, subscales jsonb not null
                ) on commit drop""").update();
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                    copy import_answer (n, id, patient, submission_key, instrument, instrument_version, answers,
                        answered_at, session_number, completeness, total, band, caseness, risk, subscales)
                    from stdin with (format csv)""");
        } catch (SQLException e) {
            throw new IllegalStateException("could not start copying the import's answers", e);
        }
    }

    /**
     * Scores one answer and sends it on; {@code key} names it across runs of the same file. Returns
     * why the answers cannot be scored (naming the item), if they cannot; then nothing is sent.
     */
    public Optional<String> add(String patient, Instrument instrument, Instant answeredAt, int sessionNumber, UUID key,
                                List<Answer> answers) {
        if (copy == null) {
            throw new IllegalStateException("the import's answers are all read");
        }
        Score score;
        try {
            score = Scorer.score(instrument, answers);
        } catch (InvalidResponse invalid) {
            return Optional.of(invalid.getMessage());
        }
        staged++;
        pending.append(staged).append(',').append(Ids.next()).append(',');
        quoted(patient).append(',').append(key).append(',');
        quoted(instrument.id()).append(',').append(instrument.version()).append(',');
        quoted(MeasureRequests.JSON.writeValueAsString(Responses.byItem(answers))).append(',').append(answeredAt).append(',')
                .append(sessionNumber).append(',').append(score.completeness().name()).append(',');
        if (score.total() != null) {
            pending.append(score.total().doubleValue());
        }
        pending.append(',');
        if (score.band() != null) {
            quoted(score.band());
        }
        pending.append(',');
        if (score.caseness() != null) {
            pending.append(score.caseness() ? 't' : 'f');
        }
        pending.append(',').append(score.risk().name()).append(',');
        quoted(MeasureRequests.JSON.writeValueAsString(score.subscales())).append('\n');
        if (pending.length() >= FLUSH_AT) {
            flush();
        }
        return Optional.empty();
    }

    /** Why these answers cannot be scored on the instrument, naming the item; empty when they can. */
    public static Optional<String> problem(Instrument instrument, List<Answer> answers) {
        try {
            Scorer.score(instrument, answers);
            return Optional.empty();
        } catch (InvalidResponse invalid) {
            return Optional.of(invalid.getMessage());
        }
    }

    /** The file is read and every line was right: the answers are all sent, and the connection is free again. */
    public void endOfFile() {
        if (copy == null) {
            throw new IllegalStateException("the import's answers were already all read");
        }
        flush();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("could not finish copying the import's answers", e);
        }
        copy = null;
        allRead = true;
    }

    /**
     * Places every answer in its patient's episode and stores them as imported, without alerts (a
     * risk answer from years ago is history, not an emergency). An answer whose key is stored
     * already is skipped, so a re-run imports nothing twice.
     */
    public void store(List<Placement> placements, Progress progress) {
        if (!allRead) {
            throw new IllegalStateException("the import's answers are not all read");
        }
        jdbc.sql("create index on import_answer (n)").update();
        jdbc.sql("""
                create temporary table import_placement on commit drop as
                select p.patient, p.episode_id, p.client_id, p.opened, p.ordinal
                from unnest(?::text[], ?::uuid[], ?::uuid[], ?::timestamptz[]) with ordinality
                    as p (patient, episode_id, client_id, opened, ordinal)""")
                .params(placements.stream().map(Placement::patient).toArray(String[]::new),
                        placements.stream().map(Placement::episodeId).toArray(UUID[]::new),
                        placements.stream().map(Placement::clientId).toArray(UUID[]::new),
                        placements.stream().map(placement -> placement.opened().toString()).toArray(String[]::new))
                .update();
        jdbc.sql("create index on import_placement (patient, ordinal)").update();
        jdbc.sql("analyze import_placement").update(); // the answers need none: each chunk is read by its index
        int imported = 0;
        for (int from = 0; from < staged; from += CHUNK) {
            int inserted = jdbc.sql("""
                    insert into measure_response (practice_id, id, episode_id, client_id, submission_key, instrument,
                        instrument_version, answers, answered_at, session_number, source, entered_by, completeness,
                        total, band, caseness, risk, subscales)
                    select ?, a.id, p.episode_id, p.client_id, a.submission_key, a.instrument, a.instrument_version,
                        a.answers, a.answered_at, a.session_number, 'IMPORT', ?, a.completeness, a.total, a.band,
                        a.caseness, a.risk, a.subscales
                    from import_answer a cross join lateral (
                        select episode_id, client_id from import_placement p where p.patient = a.patient
                        order by p.opened <= a.answered_at desc,
                            case when p.opened <= a.answered_at then p.ordinal end desc, p.ordinal
                        limit 1) p
                    where a.n > ? and a.n <= ?
                    order by a.n
                    on conflict (practice_id, submission_key) do nothing""")
                    .params(practice, importedBy, from, from + CHUNK)
                    .update();
            imported += inserted;
            progress.stored(imported, Math.min(from + CHUNK, staged) - imported);
        }
    }

    /** Stops a copy still going (a wrong line, or reading failed), so that the transaction can roll back. */
    @Override
    public void close() {
        if (copy != null) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new IllegalStateException("could not stop copying the import's answers", e);
            }
            copy = null;
        }
    }

    private StringBuilder quoted(String text) {
        pending.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                pending.append('"');
            }
            pending.append(c);
        }
        return pending.append('"');
    }

    private void flush() {
        if (copy == null || pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.UTF_8);
        pending.setLength(0);
        try {
            copy.writeToCopy(bytes, 0, bytes.length);
        } catch (SQLException e) {
            throw new IllegalStateException("could not copy the import's answers", e);
        }
    }
}
