package org.outgrow.clients;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Client records of the current practice. */
@Repository
public class Clients {

    private static final String COLUMNS = "id, display_name, email, account_id, therapist_id";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final Clock clock;

    Clients(JdbcClient jdbc, JdbcTemplate batches, Clock clock) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.clock = clock;
    }

    /** Registers many clients without contact details with one therapist, in one batch (an import); ids in order. */
    public List<UUID> registerAll(List<String> displayNames, UUID therapistId) {
        UUID practice = Tenancy.requirePractice().value();
        Timestamp now = Timestamp.from(clock.instant());
        List<UUID> ids = displayNames.stream().map(name -> Ids.next()).toList();
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(new Object[] {practice, ids.get(i), displayNames.get(i).strip(), therapistId, now});
        }
        batches.batchUpdate("insert into client (practice_id, id, display_name, therapist_id, created_at)"
                + " values (?, ?, ?, ?, ?)", rows);
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

    /** The client is in this therapist's care from now on. */
    public void handOver(UUID clientId, UUID therapistId) {
        jdbc.sql("update client set therapist_id = ?, version = version + 1 where practice_id = ? and id = ?")
                .params(therapistId, Tenancy.requirePractice().value(), clientId)
                .update();
    }

    /** How many clients each therapist has in their care. */
    @Transactional(readOnly = true)
    public java.util.Map<UUID, Integer> countsByTherapist() {
        java.util.Map<UUID, Integer> counts = new java.util.HashMap<>();
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

    @Transactional
    public void linkAccount(UUID clientId, UUID accountId) {
        jdbc.sql("update client set account_id = ?, version = version + 1 where practice_id = ? and id = ?"
                        + " and account_id is null")
                .params(accountId, Tenancy.requirePractice().value(), clientId).update();
    }
}
