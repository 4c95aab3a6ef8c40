package org.outgrow.reporting;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;

import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Whether the current practice publishes its honest profile; off until an administrator turns it on. */
@Component
class PublicProfiles {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    PublicProfiles(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    boolean published() {
        return jdbc.sql("select published from public_profile where practice_id = ?")
                .param(Tenancy.requirePractice().value()).query(Boolean.class).optional().orElse(false);
    }

    @Transactional
    void publish(boolean published, UUID by) {
        UUID practice = Tenancy.requirePractice().value();
        jdbc.sql("""
                insert into public_profile (practice_id, published, updated_at, updated_by) values (?, ?, ?, ?)
                on conflict (practice_id) do update set published = excluded.published,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(practice, published, Timestamp.from(clock.instant()), by).update();
        events.publishEvent(AuditEvent.write(published ? "PUBLIC_PROFILE_PUBLISHED" : "PUBLIC_PROFILE_WITHDRAWN",
                "practice", practice, null));
    }
}
