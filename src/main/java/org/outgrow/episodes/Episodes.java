package org.outgrow.episodes;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Episodes and their agreement versions in the current practice. */
@Repository
public class Episodes {

    private static final String COLUMNS = """
            id, client_id, therapist_id, state, opened_at, ending_date, ended_at, ended_by, ending_kind,
            state_at_ending, follow_up_due, version""";

    private final JdbcClient jdbc;

    Episodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** No follow-up falls due for the client's ended episodes any more. */
    void cancelFollowUps(UUID clientId) {
        jdbc.sql("update episode set follow_up_due = null, version = version + 1"
                        + " where practice_id = ? and client_id = ? and follow_up_due is not null")
                .params(practice(), clientId).update();
    }

    /** Every episode of the client, ended ones too: the record goes with the client. */
    void handOver(UUID clientId, UUID therapistId) {
        jdbc.sql("update episode set therapist_id = ?, version = version + 1 where practice_id = ? and client_id = ?")
                .params(therapistId, practice(), clientId)
                .update();
    }

    void insert(Episode episode) {
        jdbc.sql("""
                insert into episode (practice_id, id, client_id, therapist_id, state, opened_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(practice(), episode.id(), episode.clientId(), episode.therapistId(), episode.state().name(),
                        Timestamp.from(episode.openedAt()))
                .update();
    }

    /**
     * An episode brought in from another system (the interop module's import): it starts and, if
     * it ended there, ends when it did. How it ended is not known, so no ending kind is recorded,
     * and no follow-up is scheduled for it.
     */
    public record Imported(UUID clientId, UUID therapistId, EpisodeState state, Instant openedAt,
                           @Nullable Instant endedAt) {
    }

    /** Stores imported episodes in one statement; their ids, in order. */
    public List<UUID> insertImported(List<Imported> imported) {
        List<UUID> ids = imported.stream().map(episode -> org.outgrow.shared.Ids.next()).toList();
        jdbc.sql("""
                insert into episode (practice_id, id, client_id, therapist_id, state, opened_at, ended_at)
                select ?, e.* from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::timestamptz[], ?::timestamptz[])
                    as e""")
                .params(practice(), ids.toArray(UUID[]::new),
                        imported.stream().map(Imported::clientId).toArray(UUID[]::new),
                        imported.stream().map(Imported::therapistId).toArray(UUID[]::new),
                        imported.stream().map(episode -> episode.state().name()).toArray(String[]::new),
                        imported.stream().map(episode -> episode.openedAt().toString()).toArray(String[]::new),
                        imported.stream().map(episode -> episode.endedAt() == null ? null
                                : episode.endedAt().toString()).toArray(String[]::new))
                .update();
        return ids;
    }

    /** Saves a changed episode if nobody changed it meanwhile; otherwise {@link ConcurrentChange}. */
    void update(Episode episode) {
        int updated = jdbc.sql("""
                update episode set state = ?, ending_date = ?, ended_at = ?, ended_by = ?, ending_kind = ?,
                       state_at_ending = ?, follow_up_due = ?, version = version + 1
                where practice_id = ? and id = ? and version = ?""")
                .params(episode.state().name(), date(episode.endingDate()), timestamp(episode.endedAt()),
                        episode.endedBy(), name(episode.endingKind()), name(episode.stateAtEnding()),
                        date(episode.followUpDue()), practice(), episode.id(), episode.version())
                .update();
        if (updated != 1) {
            throw new ConcurrentChange();
        }
    }

    public Optional<Episode> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from episode where practice_id = ? and id = ?")
                .params(practice(), id).query(Episodes::map).optional();
    }

    /**
     * The therapist's episode while its client is in their care: not after a handover, nor once the
     * client asked to be erased (then the record is nobody's).
     */
    Optional<Episode> inCareOf(UUID id, UUID therapist) {
        return jdbc.sql("select " + COLUMNS + """
                 from episode e where e.practice_id = ? and e.id = ? and e.therapist_id = ?
                and exists (select 1 from client c where c.practice_id = e.practice_id and c.id = e.client_id
                            and c.therapist_id = e.therapist_id)""")
                .params(practice(), id, therapist).query(Episodes::map).optional();
    }

    /**
     * The therapist's newest open episode with a client in their care, as {@link #inCareOf} finds one
     * by id. The client's row is locked for share until the transaction ends, so a handover or an
     * erasure request waits for what is recorded now (and moves its alerts), or comes first and
     * this finds nothing.
     */
    Optional<Episode> openInCareOf(UUID clientId, UUID therapist) {
        return jdbc.sql("""
                select e.id, e.client_id, e.therapist_id, e.state, e.opened_at, e.ending_date, e.ended_at,
                       e.ended_by, e.ending_kind, e.state_at_ending, e.follow_up_due, e.version
                from episode e join client c on c.practice_id = e.practice_id and c.id = e.client_id
                    and c.therapist_id = e.therapist_id
                where e.practice_id = ? and e.client_id = ? and e.therapist_id = ?
                and e.state not in ('ENDED', 'FOLLOW_UP')
                order by e.opened_at desc limit 1
                for share of c""")
                .params(practice(), clientId, therapist).query(Episodes::map).optional();
    }

    public List<Episode> ofClient(UUID clientId) {
        return jdbc.sql("select " + COLUMNS + " from episode where practice_id = ? and client_id = ?"
                        + " order by opened_at desc")
                .params(practice(), clientId).query(Episodes::map).list();
    }

    /** The practice's episodes in one state. */
    public List<Episode> inState(EpisodeState state) {
        return jdbc.sql("select " + COLUMNS + " from episode where practice_id = ? and state = ?")
                .params(practice(), state.name()).query(Episodes::map).list();
    }

    List<Episode> followUpsDue(LocalDate today) {
        return jdbc.sql("select " + COLUMNS + " from episode where practice_id = ? and state = 'ENDED'"
                        + " and follow_up_due <= ?")
                .params(practice(), Date.valueOf(today)).query(Episodes::map).list();
    }

    void saveCarryForward(UUID episodeId, String plan) {
        jdbc.sql("update episode set carry_forward = ? where practice_id = ? and id = ?")
                .params(plan, practice(), episodeId).update();
    }

    Optional<String> carryForward(UUID episodeId) {
        return jdbc.sql("select carry_forward from episode where practice_id = ? and id = ?")
                .params(practice(), episodeId).query(String.class).optional();
    }

    /** One version of the agreement, as agreed at the time. */
    public record AgreementVersion(UUID id, int number, @Nullable Integer plannedSessions, @Nullable LocalDate plannedEnd,
                                   String frequency, int reviewEverySessions, String therapistCommits,
                                   String clientCommits, @Nullable String reason, Instant createdAt,
                                   @Nullable Instant acknowledgedAt) {
    }

    void insertAgreement(UUID episodeId, int number, AgreementTerms terms, @Nullable String reason, UUID by,
                         Instant now) {
        jdbc.sql("""
                insert into agreement_version (practice_id, id, episode_id, number, planned_sessions, planned_end,
                    frequency, review_every_sessions, therapist_commits, client_commits, reason, created_by, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(practice(), org.outgrow.shared.Ids.next(), episodeId, number, terms.plannedSessions(),
                        date(terms.plannedEnd()), terms.frequency().strip(), terms.reviewEverySessions(),
                        terms.therapistCommits().strip(), terms.clientCommits().strip(), reason, by,
                        Timestamp.from(now))
                .update();
    }

    /** Every version, newest first. */
    public List<AgreementVersion> agreements(UUID episodeId) {
        return jdbc.sql("""
                select id, number, planned_sessions, planned_end, frequency, review_every_sessions, therapist_commits,
                       client_commits, reason, created_at, acknowledged_at
                from agreement_version where practice_id = ? and episode_id = ? order by number desc""")
                .params(practice(), episodeId)
                .query((rs, row) -> new AgreementVersion(rs.getObject("id", UUID.class), rs.getInt("number"),
                        (Integer) rs.getObject("planned_sessions"), localDate(rs, "planned_end"),
                        rs.getString("frequency"), rs.getInt("review_every_sessions"),
                        rs.getString("therapist_commits"), rs.getString("client_commits"), rs.getString("reason"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs, "acknowledged_at")))
                .list();
    }

    /** Acknowledges a version once; returns whether this call did it. */
    boolean acknowledge(UUID episodeId, int number, UUID by, Instant now) {
        return jdbc.sql("""
                update agreement_version set acknowledged_at = ?, acknowledged_by = ?
                where practice_id = ? and episode_id = ? and number = ? and acknowledged_at is null""")
                .params(Timestamp.from(now), by, practice(), episodeId, number).update() == 1;
    }

    /** Thrown when someone else saved the same record first. */
    public static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super("Changed by someone else meanwhile");
        }
    }

    private static UUID practice() {
        return Tenancy.requirePractice().value();
    }

    private static Episode map(ResultSet rs, int row) throws SQLException {
        return new Episode(rs.getObject("id", UUID.class), rs.getObject("client_id", UUID.class),
                rs.getObject("therapist_id", UUID.class), EpisodeState.valueOf(rs.getString("state")),
                rs.getTimestamp("opened_at").toInstant(), localDate(rs, "ending_date"), instant(rs, "ended_at"),
                rs.getObject("ended_by", UUID.class),
                rs.getString("ending_kind") == null ? null : Episode.EndingKind.valueOf(rs.getString("ending_kind")),
                rs.getString("state_at_ending") == null ? null
                        : Episode.StateAtEnding.valueOf(rs.getString("state_at_ending")),
                localDate(rs, "follow_up_due"), rs.getInt("version"));
    }

    static @Nullable LocalDate localDate(ResultSet rs, String column) throws SQLException {
        Date value = rs.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static @Nullable Date date(@Nullable LocalDate value) {
        return value == null ? null : Date.valueOf(value);
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant value) {
        return value == null ? null : Timestamp.from(value);
    }

    private static @Nullable String name(@Nullable Enum<?> value) {
        return value == null ? null : value.name();
    }
}
