package org.outgrow.episodes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Period;
import java.util.UUID;

import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The practice's rules for its episodes: when follow-up falls due after an ending, when an active
 * episode counts as quiet, and after how many attended sessions without reliable change the work
 * counts as drifting. A practice that has not set them works with the defaults.
 */
@Service
public class EpisodeRules {

    public record Rules(int followUpMonths, int quietWeeks, int sessionsWithoutChange) {

        public static final Rules DEFAULT = new Rules(3, 4, 12);

        public Period followUpAfter() {
            return Period.ofMonths(followUpMonths);
        }

        public Duration quietAfter() {
            return Duration.ofDays(7L * quietWeeks);
        }

        /** Whether each number is in its allowed range (the form says which one is not). */
        boolean valid() {
            return followUpMonths >= 1 && followUpMonths <= 24 && quietWeeks >= 1 && quietWeeks <= 26
                    && sessionsWithoutChange >= 4 && sessionsWithoutChange <= 52;
        }
    }

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    EpisodeRules(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Rules current() {
        return jdbc.sql("select follow_up_months, quiet_weeks, sessions_without_change from episode_rules"
                        + " where practice_id = ?")
                .param(Tenancy.requirePractice().value())
                .query((rs, row) -> new Rules(rs.getInt("follow_up_months"), rs.getInt("quiet_weeks"),
                        rs.getInt("sessions_without_change")))
                .optional().orElse(Rules.DEFAULT);
    }

    @Transactional
    void save(Rules rules, UUID by) {
        if (!rules.valid()) {
            throw new EpisodeRuleViolation("rules.rule.range");
        }
        UUID practice = Tenancy.requirePractice().value();
        jdbc.sql("""
                insert into episode_rules (practice_id, follow_up_months, quiet_weeks, sessions_without_change,
                    updated_at, updated_by)
                values (?, ?, ?, ?, ?, ?)
                on conflict (practice_id) do update set follow_up_months = excluded.follow_up_months,
                    quiet_weeks = excluded.quiet_weeks, sessions_without_change = excluded.sessions_without_change,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by""")
                .params(practice, rules.followUpMonths(), rules.quietWeeks(), rules.sessionsWithoutChange(),
                        Timestamp.from(clock.instant()), by)
                .update();
        events.publishEvent(AuditEvent.write("EPISODE_RULES_CHANGED", "practice", practice, null));
    }
}
