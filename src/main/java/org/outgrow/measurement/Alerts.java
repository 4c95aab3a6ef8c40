package org.outgrow.measurement;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.ClientHandedOver;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Alerts of the current practice. A risk alert is opened for every positive answer; other kinds
 * at most once per episode while one is open, which the database enforces.
 */
@Repository
class Alerts {

    private static final String COLUMNS = """
            id, episode_id, client_id, kind, instrument, owner_id, state, opened_at, resolved_at, resolution""";

    private final JdbcClient jdbc;

    Alerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens an alert; for kinds other than risk, none when one of the kind is open already. */
    Optional<UUID> open(UUID episodeId, UUID clientId, Alert.Kind kind, @Nullable String instrument, UUID owner,
                        @Nullable UUID responseId, Instant now) {
        UUID id = Ids.next();
        int inserted = jdbc.sql("""
                insert into alert (practice_id, id, episode_id, client_id, kind, instrument, owner_id, state,
                    opened_at, response_id)
                values (?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?)
                on conflict (practice_id, episode_id, kind) where state = 'OPEN' and kind <> 'RISK' do nothing""")
                .params(practice(), id, episodeId, clientId, kind.name(), instrument, owner, Timestamp.from(now),
                        responseId)
                .update();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /** When the episode's latest alert of the kind was opened, open or resolved since. */
    Optional<Instant> lastOpened(UUID episodeId, Alert.Kind kind) {
        return jdbc.sql("select max(opened_at) from alert where practice_id = ? and episode_id = ? and kind = ?")
                .params(practice(), episodeId, kind.name())
                .query((rs, row) -> rs.getTimestamp(1)).optional()
                .filter(java.util.Objects::nonNull).map(Timestamp::toInstant);
    }

    /** Resolves an open alert of this owner; false when it is not theirs or not open. */
    boolean resolve(UUID id, UUID owner, String resolution, Instant now) {
        return jdbc.sql("""
                update alert set state = 'RESOLVED', resolved_at = ?, resolved_by = ?, resolution = ?
                where practice_id = ? and id = ? and owner_id = ? and state = 'OPEN'""")
                .params(Timestamp.from(now), owner, resolution, practice(), id, owner).update() == 1;
    }

    /** The client's open alerts are the new therapist's to act on; resolved ones stay as they were resolved. */
    @EventListener
    void on(ClientHandedOver handover) {
        jdbc.sql("update alert set owner_id = ? where practice_id = ? and client_id = ? and owner_id <> ? and state = 'OPEN'")
                .params(handover.to(), practice(), handover.clientId(), handover.to())
                .update();
    }

    int openOfClient(UUID clientId) {
        return jdbc.sql("select count(*) from alert where practice_id = ? and client_id = ? and state = 'OPEN'")
                .params(practice(), clientId).query(Integer.class).single();
    }

    /** Closes the client's open alerts, by nobody, for the reason given. */
    void closeAllOf(UUID clientId, String resolution, Instant now) {
        jdbc.sql("""
                update alert set state = 'RESOLVED', resolved_at = ?, resolution = ?
                where practice_id = ? and client_id = ? and state = 'OPEN'""")
                .params(Timestamp.from(now), resolution, practice(), clientId).update();
    }

    Optional<Alert> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from alert where practice_id = ? and id = ?")
                .params(practice(), id).query(Alerts::map).optional();
    }

    /** Open alerts owned by this therapist of clients in their care, most urgent kind first, then oldest. */
    List<Alert> openOf(UUID owner) {
        return jdbc.sql("select " + COLUMNS + " from alert where practice_id = ? and owner_id = ? and state = 'OPEN'"
                        + " and exists (select 1 from client c where c.practice_id = alert.practice_id"
                        + " and c.id = alert.client_id and c.therapist_id = alert.owner_id)"
                        + " order by array_position(array['RISK','NOT_ON_TRACK','DETERIORATION','ALLIANCE_DROP',"
                        + "'DRIFT','OVERDUE'], kind), opened_at")
                .params(practice(), owner).query(Alerts::map).list();
    }

    /** Every alert of an episode, open ones first. */
    List<Alert> ofEpisode(UUID episodeId) {
        return jdbc.sql("select " + COLUMNS + " from alert where practice_id = ? and episode_id = ?"
                        + " order by state = 'OPEN' desc, opened_at desc")
                .params(practice(), episodeId).query(Alerts::map).list();
    }

    private static Alert map(ResultSet rs, int row) throws SQLException {
        Timestamp resolved = rs.getTimestamp("resolved_at");
        return new Alert(rs.getObject("id", UUID.class), rs.getObject("episode_id", UUID.class),
                rs.getObject("client_id", UUID.class), Alert.Kind.valueOf(rs.getString("kind")),
                rs.getString("instrument"), rs.getObject("owner_id", UUID.class), "OPEN".equals(rs.getString("state")),
                rs.getTimestamp("opened_at").toInstant(), resolved == null ? null : resolved.toInstant(),
                rs.getString("resolution"));
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }
}
