package org.outgrow.clients;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Client records of the current practice. */
@Repository
public class Clients {

    private static final String COLUMNS = "id, display_name, email, account_id, therapist_id";

    private final JdbcClient jdbc;
    private final Clock clock;

    Clients(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Registers many clients without contact details with one therapist, in one statement (an import); ids in order. */
    public List<UUID> registerAll(List<String> displayNames, UUID therapistId) {
        List<UUID> ids = displayNames.stream().map(name -> Ids.next()).toList();
        jdbc.sql("""
                insert into client (practice_id, id, display_name, therapist_id, created_at)
                select ?, c.id, c.name, ?, ? from unnest(?::uuid[], ?::text[]) as c (id, name)""")
                .params(Tenancy.requirePractice().value(), therapistId, Timestamp.from(clock.instant()),
                        ids.toArray(UUID[]::new), displayNames.stream().map(String::strip).toArray(String[]::new))
                .update();
        return ids;
    }

    @Transactional
    public UUID register(String displayName, @Nullable String email, @Nullable UUID therapistId) {
        UUID id = Ids.next();
        jdbc.sql("""
                insert into client (practice_id, id, display_name, email, therapist_id, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(Tenancy.requirePractice().value(), id, displayName.strip(),
                        email == null || email.isBlank() ? null : email.strip().toLowerCase(java.util.Locale.ROOT),
                        therapistId, Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** The client is in this therapist's care from now on; false when the client does not exist or asked to be erased (waiting for that request's row lock). */
    public boolean handOver(UUID clientId, UUID therapistId) {
        return jdbc.sql("""
                update client set therapist_id = ?, version = version + 1
                where practice_id = ? and id = ? and erasure_requested_at is null""")
                .params(therapistId, Tenancy.requirePractice().value(), clientId)
                .update() == 1;
    }

    /** The client, its row locked against an erasure request until the transaction ends (opening an episode). */
    @Transactional
    public Optional<Client> findForChange(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from client where practice_id = ? and id = ? for share")
                .params(Tenancy.requirePractice().value(), id)
                .query(Client.class).optional();
    }

    /** The therapist of each of these clients that has one. */
    @Transactional(readOnly = true)
    public Map<UUID, UUID> therapistsOf(Collection<UUID> ids) {
        Map<UUID, UUID> therapists = new HashMap<>();
        if (ids.isEmpty()) {
            return therapists;
        }
        jdbc.sql("select id, therapist_id from client where practice_id = ? and id = any(?) and therapist_id is not null")
                .params(Tenancy.requirePractice().value(), ids.toArray(UUID[]::new))
                .query((rs, row) -> therapists.put(rs.getObject("id", UUID.class), rs.getObject("therapist_id", UUID.class)))
                .list();
        return therapists;
    }

    /** How many clients each therapist has in their care. */
    @Transactional(readOnly = true)
    public Map<UUID, Integer> countsByTherapist() {
        Map<UUID, Integer> counts = new HashMap<>();
        jdbc.sql("select therapist_id, count(*) as clients from client where practice_id = ? and therapist_id is not null"
                        + " group by therapist_id")
                .params(Tenancy.requirePractice().value())
                .query((rs, row) -> counts.put(rs.getObject("therapist_id", UUID.class), rs.getInt("clients")))
                .list();
        return counts;
    }

    @Transactional(readOnly = true)
    public List<Client> ofTherapist(UUID therapistId) {
        return jdbc.sql("select " + COLUMNS + " from client where practice_id = ? and therapist_id = ?"
                        + " order by display_name")
                .params(Tenancy.requirePractice().value(), therapistId)
                .query(Client.class).list();
    }

    @Transactional(readOnly = true)
    public Optional<Client> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from client where practice_id = ? and id = ?")
                .params(Tenancy.requirePractice().value(), id)
                .query(Client.class).optional();
    }

    @Transactional(readOnly = true)
    public Optional<Client> ofAccount(UUID accountId) {
        return jdbc.sql("select " + COLUMNS + " from client where practice_id = ? and account_id = ?")
                .params(Tenancy.requirePractice().value(), accountId)
                .query(Client.class).optional();
    }

    /** Of these clients, those that still exist, each with whether their erasure was asked for. */
    Map<UUID, Boolean> erasureRequested(Collection<UUID> ids) {
        Map<UUID, Boolean> requested = new HashMap<>();
        jdbc.sql("select id, erasure_requested_at is not null as requested from client where practice_id = ? and id = any(?)")
                .params(Tenancy.requirePractice().value(), ids.toArray(UUID[]::new))
                .query((rs, row) -> requested.put(rs.getObject("id", UUID.class), rs.getBoolean("requested")))
                .list();
        return requested;
    }

    /** A client whose erasure was asked for, with the day their record may go. */
    record Retained(UUID id, String displayName, java.time.Instant requestedAt, java.time.LocalDate retainUntil) {
    }

    List<Retained> retained() {
        return jdbc.sql("""
                select id, display_name, erasure_requested_at, retain_until from client
                where practice_id = ? and erasure_requested_at is not null order by erasure_requested_at desc""")
                .params(Tenancy.requirePractice().value())
                .query((rs, row) -> new Retained(rs.getObject("id", UUID.class), rs.getString("display_name"),
                        rs.getTimestamp("erasure_requested_at").toInstant(), rs.getDate("retain_until").toLocalDate()))
                .list();
    }

    /** The clients that may be erased: those who have not asked already. */
    List<Client> notRetained() {
        return jdbc.sql("select " + COLUMNS + " from client where practice_id = ? and erasure_requested_at is null"
                        + " order by display_name")
                .params(Tenancy.requirePractice().value())
                .query(Client.class).list();
    }

    /**
     * Restricts the record: no therapist holds it any more, and the contact address is gone. False
     * when the client does not exist or asked before.
     */
    boolean restrict(UUID id, java.time.Instant requestedAt, java.time.LocalDate retainUntil) {
        return jdbc.sql("""
                update client set email = null, therapist_id = null, erasure_requested_at = ?, retain_until = ?,
                    version = version + 1
                where practice_id = ? and id = ? and erasure_requested_at is null""")
                .params(Timestamp.from(requestedAt), java.sql.Date.valueOf(retainUntil),
                        Tenancy.requirePractice().value(), id)
                .update() == 1;
    }

    /** The clients whose retention ended by that day. */
    List<UUID> retainedUntil(java.time.LocalDate today) {
        return jdbc.sql("select id from client where practice_id = ? and retain_until <= ? order by retain_until")
                .params(Tenancy.requirePractice().value(), java.sql.Date.valueOf(today))
                .query(UUID.class).list();
    }

    /** Deletes every row of the client, if their retention ended by that day (the database checks). */
    boolean erase(UUID id, java.time.LocalDate today) {
        return Boolean.TRUE.equals(jdbc.sql("select erase_client(?, ?)")
                .params(id, java.sql.Date.valueOf(today)).query(Boolean.class).single());
    }

    /** After a restore: the log says this record was deleted, so its retention is over whatever the row says. */
    void endRetention(UUID id, java.time.LocalDate today) {
        jdbc.sql("update client set retain_until = ? where practice_id = ? and id = ? and erasure_requested_at is not null")
                .params(java.sql.Date.valueOf(today), Tenancy.requirePractice().value(), id).update();
    }

    int retentionYears() {
        return jdbc.sql("select years from retention_rule where practice_id = ?")
                .params(Tenancy.requirePractice().value()).query(Integer.class).optional().orElse(10);
    }

    void setRetentionYears(int years) {
        jdbc.sql("""
                insert into retention_rule (practice_id, years, changed_at) values (?, ?, ?)
                on conflict (practice_id) do update set years = excluded.years, changed_at = excluded.changed_at""")
                .params(Tenancy.requirePractice().value(), years, Timestamp.from(clock.instant())).update();
    }

    @Transactional
    public void linkAccount(UUID clientId, UUID accountId) {
        jdbc.sql("update client set account_id = ?, version = version + 1 where practice_id = ? and id = ?"
                        + " and account_id is null")
                .params(accountId, Tenancy.requirePractice().value(), clientId).update();
    }
}
