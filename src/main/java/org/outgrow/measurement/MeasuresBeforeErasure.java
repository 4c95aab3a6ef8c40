package org.outgrow.measurement;

import java.sql.Timestamp;
import java.time.Clock;

import org.outgrow.clients.ClientErasureRequested;
import org.outgrow.clients.ErasureRefused;
import org.outgrow.shared.Tenancy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Before a client's record is restricted for erasure: an open alert is finished by the therapist
 * first (a risk alert is never dropped unseen); then the client's open questionnaire links stop
 * answering and their schedules stop. After a restore the replay closes what the older database
 * still held open, alerts included, since nobody may now act on them.
 */
@Component
class MeasuresBeforeErasure {

    private final JdbcClient jdbc;
    private final Clock clock;

    MeasuresBeforeErasure(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ClientErasureRequested request) {
        Object practice = Tenancy.requirePractice().value();
        Timestamp now = Timestamp.from(clock.instant());
        if (!request.replay()) {
            int open = jdbc.sql("select count(*) from alert where practice_id = ? and client_id = ? and state = 'OPEN'")
                    .params(practice, request.clientId()).query(Integer.class).single();
            if (open > 0) {
                throw new ErasureRefused("erasure.rule.openAlerts");
            }
        }
        jdbc.sql("""
                update alert set state = 'RESOLVED', resolved_at = ?,
                    resolution = 'Closed when the record was restricted after the client asked to be erased.'
                where practice_id = ? and client_id = ? and state = 'OPEN'""")
                .params(now, practice, request.clientId()).update();
        jdbc.sql("""
                update measure_request set state = 'CANCELLED', token_hash = null, draft = null
                where practice_id = ? and client_id = ? and state = 'OPEN'""")
                .params(practice, request.clientId()).update();
        jdbc.sql("""
                update measure_schedule set stopped_at = ?
                where practice_id = ? and stopped_at is null
                  and episode_id in (select id from episode where practice_id = ? and client_id = ?)""")
                .params(now, practice, practice, request.clientId()).update();
    }
}
