package org.outgrow.audit;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The practice's audit log for its administrator: who did what and when, never the content itself. */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class AuditController {

    record Entry(long seq, String occurredAt, @Nullable UUID actorAccountId, @Nullable String actorName,
                 @Nullable String actorRole, String action, @Nullable String resourceType, @Nullable String resourceId,
                 String outcome, @Nullable String address, @Nullable String requestId) {
    }

    private final JdbcClient jdbc;

    AuditController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/admin/audit")
    @Transactional(readOnly = true)
    String recent(Model model) {
        List<Entry> entries = jdbc.sql("""
                select e.seq, to_char(e.occurred_at at time zone p.time_zone, 'YYYY-MM-DD HH24:MI:SS') as occurred_at,
                       e.actor_account_id, a.display_name as actor_name, e.actor_role, e.action,
                       e.resource_type, e.resource_id, e.outcome, e.address, e.request_id
                from audit_event e join practice p on p.id = e.practice_id
                left join account a on a.id = e.actor_account_id
                where e.practice_id = app_practice() order by e.seq desc limit 200""")
                .query(Entry.class).list();
        model.addAttribute("entries", entries);
        return "audit/recent";
    }
}
