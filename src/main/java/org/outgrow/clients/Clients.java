package org.outgrow.clients;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
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
