package org.outgrow.supervision;

import java.sql.Timestamp;
import java.time.Clock;

import org.outgrow.clients.ClientErasureRequested;
import org.outgrow.shared.Tenancy;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A client who asked to be erased is no longer discussed: their cases leave every supervisor's queue. */
@Component
class SupervisionBeforeErasure {

    private final JdbcClient jdbc;
    private final Clock clock;

    SupervisionBeforeErasure(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @EventListener
    void on(ClientErasureRequested request) {
        Object practice = Tenancy.requirePractice().value();
        jdbc.sql("""
                update supervision_request set state = 'WITHDRAWN', withdrawn_at = ?
                where practice_id = ? and state <> 'WITHDRAWN'
                  and episode_id in (select id from episode where practice_id = ? and client_id = ?)""")
                .params(Timestamp.from(clock.instant()), practice, practice, request.clientId()).update();
    }
}
