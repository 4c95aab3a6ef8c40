package org.outgrow.measurement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Questionnaire requests of the current practice. Answering one is a conditional update from OPEN,
 * so of any number of simultaneous submissions exactly one wins.
 */
@Repository
class MeasureRequests {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Integer>> ANSWERS = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, episode_id, client_id, instrument, occasion, state, created_at, due_at, expires_at, answered_at,
            link_sent_at, draft""";

    private final JdbcClient jdbc;

    MeasureRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A new request, unless one exists already for the same moment; returns its id either way. */
    UUID create(UUID episodeId, UUID clientId, String instrument, Occasion occasion, String occasionKey,
                Instant now, Instant dueAt, Instant expiresAt) {
        UUID id = Ids.next();
        int inserted = jdbc.sql("""
                insert into measure_request (practice_id, id, episode_id, client_id, instrument, occasion,
                    occasion_key, state, created_at, due_at, expires_at)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)
                on conflict (practice_id, episode_id, instrument, occasion_key) do nothing""")
                .params(practice(), id, episodeId, clientId, instrument, occasion.name(), occasionKey,
                        Timestamp.from(now), Timestamp.from(dueAt), Timestamp.from(expiresAt))
                .update();
        return inserted == 1 ? id : byOccasion(episodeId, instrument, occasionKey);
    }

    UUID byOccasion(UUID episodeId, String instrument, String occasionKey) {
        return jdbc.sql("""
                select id from measure_request
                where practice_id = ? and episode_id = ? and instrument = ? and occasion_key = ?""")
                .params(practice(), episodeId, instrument, occasionKey).query(UUID.class).single();
    }

    Optional<MeasureRequest> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from measure_request where practice_id = ? and id = ?")
                .params(practice(), id).query(MeasureRequests::map).optional();
    }

    /** Locks the request row for the rest of the transaction. */
    Optional<MeasureRequest> lock(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from measure_request where practice_id = ? and id = ? for update")
                .params(practice(), id).query(MeasureRequests::map).optional();
    }

    List<MeasureRequest> ofEpisode(UUID episodeId) {
        return jdbc.sql("select " + COLUMNS + " from measure_request where practice_id = ? and episode_id = ?"
                        + " order by created_at desc")
                .params(practice(), episodeId).query(MeasureRequests::map).list();
    }

    /** The episode's open request for the questionnaire that is due first, not in the room, not expired. */
    Optional<MeasureRequest> firstOpen(UUID episodeId, String instrument, Instant now) {
        return jdbc.sql("select " + COLUMNS + " from measure_request where practice_id = ? and episode_id = ?"
                        + " and instrument = ? and state = 'OPEN' and occasion <> 'IN_ROOM' and expires_at > ?"
                        + " order by due_at limit 1")
                .params(practice(), episodeId, instrument, Timestamp.from(now)).query(MeasureRequests::map).optional();
    }

    /** What a client has to answer now: open, already due, not expired. Oldest first. */
    List<MeasureRequest> toDo(List<UUID> episodeIds, Instant now) {
        if (episodeIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select " + COLUMNS + " from measure_request where practice_id = ? and episode_id = any(?)"
                        + " and state = 'OPEN' and expires_at > ? order by due_at")
                .params(practice(), episodeIds.toArray(UUID[]::new), Timestamp.from(now))
                .query(MeasureRequests::map).list();
    }

    /** Open requests past their due date, of the given therapist's episodes. */
    List<MeasureRequest> overdueOf(UUID therapistId, Instant now) {
        return jdbc.sql("""
                select r.id, r.episode_id, r.client_id, r.instrument, r.occasion, r.state, r.created_at, r.due_at,
                       r.expires_at, r.answered_at, r.link_sent_at, r.draft
                from measure_request r join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
                join client c on c.practice_id = e.practice_id and c.id = e.client_id and c.therapist_id = e.therapist_id
                where r.practice_id = ? and e.therapist_id = ? and r.state = 'OPEN' and r.due_at < ?
                order by r.due_at""")
                .params(practice(), therapistId, Timestamp.from(now)).query(MeasureRequests::map).list();
    }

    /**
     * Open and due before {@code dueBefore}, never alerted as overdue: marks them alerted and
     * returns them, so each overdue request opens its alert once, on one node.
     */
    List<MeasureRequest> claimOverdue(Instant dueBefore, Instant now) {
        return jdbc.sql("""
                with claimed as (
                    update measure_request set overdue_alerted_at = ?
                    where practice_id = ? and state = 'OPEN' and due_at < ? and overdue_alerted_at is null
                    returning\s""" + COLUMNS + ") select * from claimed order by due_at")
                .params(Timestamp.from(now), practice(), Timestamp.from(dueBefore))
                .query(MeasureRequests::map).list();
    }

    /** The practice and request a link token opens; needs a tenancy context looking up that token. */
    Optional<LinkTarget> byToken(String tokenHash) {
        return jdbc.sql("select practice_id, id from measure_request where token_hash = ?")
                .param(tokenHash)
                .query((rs, row) -> new LinkTarget(rs.getObject("practice_id", UUID.class),
                        rs.getObject("id", UUID.class)))
                .optional();
    }

    record LinkTarget(UUID practice, UUID request) {
    }

    void attachLink(UUID id, String tokenHash, Instant now) {
        jdbc.sql("update measure_request set token_hash = ?, link_sent_at = ? where practice_id = ? and id = ?")
                .params(tokenHash, Timestamp.from(now), practice(), id).update();
    }

    /** OPEN → ANSWERED; false when the request was not open any more (answered, expired, cancelled). */
    boolean markAnswered(UUID id, Instant now) {
        return jdbc.sql("""
                update measure_request set state = 'ANSWERED', answered_at = ?, token_hash = null, draft = null
                where practice_id = ? and id = ? and state = 'OPEN' and expires_at > ?""")
                .params(Timestamp.from(now), practice(), id, Timestamp.from(now)).update() == 1;
    }

    void saveDraft(UUID id, Map<String, Integer> answers, Instant now) {
        jdbc.sql("""
                update measure_request set draft = ?::jsonb, draft_saved_at = ?
                where practice_id = ? and id = ? and state = 'OPEN'""")
                .params(JSON.writeValueAsString(answers), Timestamp.from(now), practice(), id).update();
    }

    /** Closes an open request of the episode, so its link opens nothing; false when it is not open. */
    boolean cancel(UUID episodeId, UUID id) {
        return jdbc.sql("update measure_request set state = 'CANCELLED', token_hash = null, draft = null"
                        + " where practice_id = ? and episode_id = ? and id = ? and state = 'OPEN'")
                .params(practice(), episodeId, id).update() == 1;
    }

    /** Closes every open request of the client, so that no link of theirs opens anything. */
    void cancelAllOf(UUID clientId) {
        jdbc.sql("update measure_request set state = 'CANCELLED', token_hash = null, draft = null"
                        + " where practice_id = ? and client_id = ? and state = 'OPEN'")
                .params(practice(), clientId).update();
    }

    /** Closes requests whose time is up; returns how many. */
    int expire(Instant now) {
        return jdbc.sql("""
                update measure_request set state = 'EXPIRED', token_hash = null, draft = null
                where practice_id = ? and state = 'OPEN' and expires_at <= ?""")
                .params(practice(), Timestamp.from(now)).update();
    }

    /** Due, unanswered, not yet reminded and reminder time reached: marks them reminded and returns them. */
    List<MeasureRequest> claimReminders(Instant remindBefore, Instant now) {
        return jdbc.sql("""
                update measure_request set reminded_at = ?
                where practice_id = ? and state = 'OPEN' and reminded_at is null and due_at < ? and expires_at > ?
                  and occasion <> 'IN_ROOM'
                returning\s""" + COLUMNS)
                .params(Timestamp.from(now), practice(), Timestamp.from(remindBefore), Timestamp.from(now))
                .query(MeasureRequests::map).list();
    }

    /** Due within a day and never sent: marks them sent (the caller attaches the link) and returns them. */
    List<MeasureRequest> claimUnsent(Instant now) {
        return jdbc.sql("""
                update measure_request set link_sent_at = ?
                where practice_id = ? and state = 'OPEN' and link_sent_at is null and due_at <= ?
                  and occasion <> 'IN_ROOM' and expires_at > ?
                returning\s""" + COLUMNS)
                .params(Timestamp.from(now), practice(), Timestamp.from(now.plusSeconds(24 * 3600)),
                        Timestamp.from(now))
                .query(MeasureRequests::map).list();
    }

    private static MeasureRequest map(ResultSet rs, int row) throws SQLException {
        String draft = rs.getString("draft");
        return new MeasureRequest(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getObject("client_id", UUID.class), rs.getString("instrument"),
                Occasion.valueOf(rs.getString("occasion")), MeasureRequest.State.valueOf(rs.getString("state")),
                instant(rs, "created_at"), instant(rs, "due_at"), instant(rs, "expires_at"),
                instant(rs, "answered_at"), instant(rs, "link_sent_at"),
                draft == null ? Map.of() : JSON.readValue(draft, ANSWERS));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
