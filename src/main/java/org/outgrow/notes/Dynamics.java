package org.outgrow.notes;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The relational-dynamics taxonomy (PRODUCT.md C9: client stances, therapist reactions, responses),
 * the practice's additions to it, the therapist's private tags per session, and ruptures.
 */
@Repository
class Dynamics {

    enum Category { CLIENT_STANCE, THERAPIST_REACTION, RESPONSE }

    /** A tag: shipped ones have a message key as code; a practice's own carry their label. */
    record Tag(String code, Category category, @Nullable String label) {
    }

    /** The shipped taxonomy, as message keys {@code dynamic.<code>}. */
    static final List<Tag> SHIPPED = List.of(
            new Tag("TAKE_CARE_OF_ME", Category.CLIENT_STANCE, null),
            new Tag("DO_IT_FOR_ME", Category.CLIENT_STANCE, null),
            new Tag("CANNOT_CARE_FOR_SELF", Category.CLIENT_STANCE, null),
            new Tag("CARETAKING_THERAPIST", Category.CLIENT_STANCE, null),
            new Tag("AVOIDING_VULNERABILITY", Category.CLIENT_STANCE, null),
            new Tag("FEAR_OF_ABANDONMENT", Category.CLIENT_STANCE, null),
            new Tag("AMBIVALENCE", Category.CLIENT_STANCE, null),
            new Tag("SEEKING_AFFIRMATION", Category.CLIENT_STANCE, null),
            new Tag("URGE_TO_RESCUE", Category.THERAPIST_REACTION, null),
            new Tag("OVER_FUNCTIONING", Category.THERAPIST_REACTION, null),
            new Tag("FEELING_USELESS", Category.THERAPIST_REACTION, null),
            new Tag("IRRITATION", Category.THERAPIST_REACTION, null),
            new Tag("BOREDOM", Category.THERAPIST_REACTION, null),
            new Tag("PARENTAL", Category.THERAPIST_REACTION, null),
            new Tag("OVERINVOLVED", Category.THERAPIST_REACTION, null),
            new Tag("EXPLORED", Category.RESPONSE, null),
            new Tag("NAMED", Category.RESPONSE, null),
            new Tag("CHALLENGED", Category.RESPONSE, null),
            new Tag("BOUNDARY_SET", Category.RESPONSE, null),
            new Tag("REPAIRED", Category.RESPONSE, null));

    /** The reactions that, recurring while the work is not on track, suggest supervision. */
    static final List<String> RESCUING = List.of("URGE_TO_RESCUE", "OVER_FUNCTIONING");

    record Noted(LocalDate on, List<String> tags) {
    }

    enum NoticedBy { CLIENT, THERAPIST, BOTH }

    enum Kind { WITHDRAWAL, CONFRONTATION }

    enum Repair { NOT_YET, PARTLY, REPAIRED }

    record Rupture(UUID id, LocalDate on, NoticedBy noticedBy, Kind kind, Repair repair,
                   @Nullable String howRepaired) {
    }

    private final JdbcClient jdbc;

    Dynamics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The shipped taxonomy followed by the practice's additions. */
    List<Tag> taxonomy() {
        List<Tag> own = jdbc.sql("select id, category, label from practice_dynamic where practice_id = ?"
                        + " order by category, label")
                .param(practice())
                .query((rs, row) -> new Tag("custom:" + rs.getObject("id", UUID.class),
                        Category.valueOf(rs.getString("category")), rs.getString("label")))
                .list();
        return java.util.stream.Stream.concat(SHIPPED.stream(), own.stream()).toList();
    }

    boolean addToTaxonomy(Category category, String label, UUID by, Instant now) {
        return jdbc.sql("""
                insert into practice_dynamic (practice_id, id, category, label, created_by, created_at)
                values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
                .params(practice(), Ids.next(), category.name(), label, by, Timestamp.from(now)).update() == 1;
    }

    /** Replaces the author's tags of that day in the episode with the given ones. */
    void tag(UUID episodeId, UUID author, LocalDate on, List<String> tags, Instant now) {
        jdbc.sql("delete from session_dynamic where practice_id = ? and episode_id = ? and author_id = ? and noted_on = ?")
                .params(practice(), episodeId, author, Date.valueOf(on)).update();
        for (String tag : tags) {
            jdbc.sql("""
                    insert into session_dynamic (practice_id, id, episode_id, author_id, tag, noted_on, created_at)
                    values (?, ?, ?, ?, ?, ?, ?)""")
                    .params(practice(), Ids.next(), episodeId, author, tag, Date.valueOf(on), Timestamp.from(now))
                    .update();
        }
    }

    /** The author's timeline for the episode, newest day first. */
    List<Noted> timeline(UUID episodeId, UUID author) {
        java.util.Map<LocalDate, List<String>> days = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        jdbc.sql("select noted_on, tag from session_dynamic where practice_id = ? and episode_id = ? and author_id = ?"
                        + " order by noted_on desc, tag")
                .params(practice(), episodeId, author)
                .query((rs, row) -> days.computeIfAbsent(rs.getDate("noted_on").toLocalDate(),
                        day -> new java.util.ArrayList<>()).add(rs.getString("tag")))
                .list();
        return days.entrySet().stream().map(entry -> new Noted(entry.getKey(), List.copyOf(entry.getValue())))
                .toList();
    }

    UUID rupture(UUID episodeId, LocalDate on, NoticedBy noticedBy, Kind kind, Repair repair,
                 @Nullable String howRepaired, UUID by, Instant now) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into rupture (practice_id, id, episode_id, noted_on, noticed_by, kind, repair, how_repaired,
                    recorded_by, recorded_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), id, episodeId, Date.valueOf(on), noticedBy.name(), kind.name(), repair.name(),
                        howRepaired, by, Timestamp.from(now))
                .update();
        return id;
    }

    boolean repair(UUID episodeId, UUID ruptureId, Repair repair, @Nullable String howRepaired) {
        return jdbc.sql("update rupture set repair = ?, how_repaired = ? where practice_id = ? and episode_id = ?"
                        + " and id = ?")
                .params(repair.name(), howRepaired, practice(), episodeId, ruptureId).update() == 1;
    }

    List<Rupture> ruptures(UUID episodeId) {
        return jdbc.sql("select id, noted_on, noticed_by, kind, repair, how_repaired from rupture"
                        + " where practice_id = ? and episode_id = ? order by noted_on desc, recorded_at desc")
                .params(practice(), episodeId)
                .query((rs, row) -> new Rupture(rs.getObject("id", UUID.class), rs.getDate("noted_on").toLocalDate(),
                        NoticedBy.valueOf(rs.getString("noticed_by")), Kind.valueOf(rs.getString("kind")),
                        Repair.valueOf(rs.getString("repair")), rs.getString("how_repaired")))
                .list();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
