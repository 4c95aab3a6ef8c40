package org.outgrow.notes;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Progress notes of the current practice. A save names the version it started from; a signed note is final. */
@Repository
class ProgressNotes {

    private final JdbcClient jdbc;

    ProgressNotes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID draft(UUID episodeId, @Nullable UUID appointmentId, UUID author, String body, Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into progress_note (practice_id, id, episode_id, appointment_id, author_id, body, state,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?)""")
                .params(practice(), id, episodeId, appointmentId, author, body, Timestamp.from(now), Timestamp.from(now))
                .update();
        return id;
    }

    /** False when the draft changed since {@code version} or was signed: the caller's text was not saved. */
    boolean save(UUID episodeId, UUID noteId, int version, String body, Instant now) {
        return jdbc.sql("""
                update progress_note set body = ?, version = version + 1, updated_at = ?
                where practice_id = ? and episode_id = ? and id = ? and version = ? and state = 'DRAFT'""")
                .params(body, Timestamp.from(now), practice(), episodeId, noteId, version).update() == 1;
    }

    boolean sign(UUID episodeId, UUID noteId, int version, Instant now) {
        return jdbc.sql("""
                update progress_note set state = 'SIGNED', signed_at = ?, version = version + 1
                where practice_id = ? and episode_id = ? and id = ? and version = ? and state = 'DRAFT'""")
                .params(Timestamp.from(now), practice(), episodeId, noteId, version).update() == 1;
    }

    void addendum(UUID noteId, UUID author, String body, Instant now) {
        jdbc.sql("insert into note_addendum (practice_id, id, note_id, author_id, body, added_at) values (?, ?, ?, ?, ?, ?)")
                .params(practice(), Ids.next(), noteId, author, body, Timestamp.from(now)).update();
    }

    Optional<ProgressNote> find(UUID episodeId, UUID noteId) {
        return ofEpisodes(List.of(episodeId), false).stream().filter(note -> note.id().equals(noteId)).findFirst();
    }

    /** Newest first, with addenda oldest first; {@code signedOnly} for what a client may read. Two statements. */
    List<ProgressNote> ofEpisodes(List<UUID> episodeIds, boolean signedOnly) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        UUID[] ids = episodeIds.toArray(UUID[]::new);
        record Row(UUID note, ProgressNote.Addendum addendum) {
        }
        List<Row> addenda = jdbc.sql("""
                select d.note_id, a.display_name, d.body, d.added_at from note_addendum d
                join progress_note n on n.practice_id = d.practice_id and n.id = d.note_id
                join account a on a.practice_id = d.practice_id and a.id = d.author_id
                where d.practice_id = ? and n.episode_id = any(?) order by d.added_at""")
                .params(practice(), ids)
                .query((rs, row) -> new Row(rs.getObject("note_id", UUID.class), new ProgressNote.Addendum(
                        rs.getString("display_name"), rs.getString("body"), rs.getTimestamp("added_at").toInstant())))
                .list();
        return jdbc.sql("""
                select n.id, n.episode_id, n.appointment_id, n.author_id, a.display_name, n.body, n.state, n.version,
                       n.created_at, n.updated_at, n.signed_at
                from progress_note n join account a on a.practice_id = n.practice_id and a.id = n.author_id
                where n.practice_id = ? and n.episode_id = any(?) and (not ? or n.state = 'SIGNED')
                order by n.created_at desc""")
                .params(practice(), ids, signedOnly)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    Timestamp signedAt = rs.getTimestamp("signed_at");
                    return new ProgressNote(id, rs.getObject("episode_id", UUID.class),
                            rs.getObject("appointment_id", UUID.class), rs.getObject("author_id", UUID.class),
                            rs.getString("display_name"), rs.getString("body"), "SIGNED".equals(rs.getString("state")),
                            rs.getInt("version"), rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("updated_at").toInstant(), signedAt == null ? null : signedAt.toInstant(),
                            addenda.stream().filter(addendum -> addendum.note().equals(id)).map(Row::addendum)
                                    .toList());
                })
                .list();
    }

    boolean clientVisible() {
        return jdbc.sql("select client_visible from notes_policy where practice_id = ?").param(practice())
                .query(Boolean.class).optional().orElse(false);
    }

    void setClientVisible(boolean visible, UUID by, Instant now) {
        jdbc.sql("""
                insert into notes_policy (practice_id, client_visible, updated_at, updated_by) values (?, ?, ?, ?)
                on conflict (practice_id) do update set client_visible = excluded.client_visible,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(practice(), visible, Timestamp.from(now), by).update();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
