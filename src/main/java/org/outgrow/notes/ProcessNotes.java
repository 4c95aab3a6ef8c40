package org.outgrow.notes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Sealed process notes: sealed before they are written and opened after they are read, so the
 * text exists only in this process's memory while its author works with it. Every query names the
 * author as well; the row-level policy insists on it too.
 */
@Repository
class ProcessNotes {

    /** A note; {@code text} is null when its ciphertext failed the integrity check and was not opened. */
    public record ProcessNote(UUID id, @Nullable String text, Instant writtenAt, Instant updatedAt, int version) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProcessNotes.class);

    private final JdbcClient jdbc;
    private final ProcessNoteCipher cipher;

    ProcessNotes(JdbcClient jdbc, ProcessNoteCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    UUID write(UUID episodeId, UUID author, String text, Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into process_note (practice_id, id, episode_id, author_id, sealed, written_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(practice().value(), id, episodeId, author, cipher.seal(text, practice(), id, author),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        return id;
    }

    /** False when the note changed since {@code version}: nothing is overwritten unseen. */
    boolean rewrite(UUID episodeId, UUID noteId, UUID author, int version, String text, Instant now) {
        return jdbc.sql("""
                update process_note set sealed = ?, updated_at = ?, version = version + 1
                where practice_id = ? and episode_id = ? and id = ? and author_id = ? and version = ?""")
                .params(cipher.seal(text, practice(), noteId, author), Timestamp.from(now), practice().value(),
                        episodeId, noteId, author, version)
                .update() == 1;
    }

    /** Whether the note is the author's, in that episode; rewriting anything else is refused as not found. */
    boolean isAuthors(UUID episodeId, UUID noteId, UUID author) {
        return jdbc.sql("""
                select exists (select 1 from process_note
                               where practice_id = ? and episode_id = ? and id = ? and author_id = ?)""")
                .params(practice().value(), episodeId, noteId, author).query(Boolean.class).single();
    }

    /**
     * The author's notes of an episode, newest first, opened; one that fails its integrity check
     * is returned without text (and logged by id), so the others stay readable.
     */
    List<ProcessNote> of(UUID episodeId, UUID author) {
        return jdbc.sql("""
                select id, sealed, written_at, updated_at, version from process_note
                where practice_id = ? and episode_id = ? and author_id = ? order by written_at desc""")
                .params(practice().value(), episodeId, author)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    String text = cipher.open(rs.getBytes("sealed"), practice(), id, author).orElse(null);
                    if (text == null) {
                        log.error("Process note {} failed its integrity check and was not opened", id);
                    }
                    return new ProcessNote(id, text,
                            rs.getTimestamp("written_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                            rs.getInt("version"));
                })
                .list();
    }

    private static PracticeId practice() {
        return Tenancy.requirePractice();
    }
}
