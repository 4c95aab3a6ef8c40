package org.outgrow.audit;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The client's own access history, from the audit log: who else opened or changed their record,
 * in which role and when, newest first. What was in the record is never shown here, only that it
 * was accessed; the client's own actions are left out.
 */
@Controller
@PreAuthorize("hasRole('CLIENT')")
class AccessHistoryController {

    /** An administrator's emergency access to this record, with the reason they gave. */
    public record Emergency(Instant at, String by, String reason) {
    }

    public record Access(Instant at, @Nullable String actorName, @Nullable String actorRole, String action,
                         @Nullable String outcome) {
    }

    private final JdbcClient jdbc;
    private final Clients clients;

    AccessHistoryController(JdbcClient jdbc, Clients clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    @Bean
    static Navigation accessHistoryNavigation() {
        return new Navigation("/portal/access-history", "nav.accessHistory", Set.of("CLIENT"), 8);
    }

    @GetMapping("/portal/access-history")
    @Transactional(readOnly = true)
    String show(@AuthenticationPrincipal OutgrowUser user, Model model) {
        UUID client = clients.ofAccount(user.accountId()).map(Client::id).orElse(null);
        List<Access> accesses = client == null ? List.of() : jdbc.sql("""
                select e.occurred_at, a.display_name, e.actor_role, e.action, e.outcome
                from audit_event e left join account a on a.practice_id = e.practice_id and a.id = e.actor_account_id
                where e.practice_id = app_practice() and e.subject_client_id = ?
                  and e.actor_account_id is distinct from ?
                order by e.seq desc limit 300""")
                .params(client, user.accountId())
                .query((rs, row) -> new Access(rs.getTimestamp("occurred_at").toInstant(), rs.getString("display_name"),
                        rs.getString("actor_role"), rs.getString("action"), rs.getString("outcome")))
                .list();
        model.addAttribute("accesses", accesses);
        model.addAttribute("emergencies", client == null ? List.of() : jdbc.sql("""
                select g.granted_at, a.display_name, g.reason from emergency_access g
                join account a on a.practice_id = g.practice_id and a.id = g.granted_to
                where g.practice_id = app_practice() and g.client_id = ? order by g.granted_at desc""")
                .param(client)
                .query((rs, row) -> new Emergency(rs.getTimestamp("granted_at").toInstant(),
                        rs.getString("display_name"), rs.getString("reason")))
                .list());
        model.addAttribute("zone", jdbc.sql("select time_zone from practice where id = app_practice()")
                .query(String.class).optional().map(java.time.ZoneId::of).orElse(java.time.ZoneOffset.UTC));
        return "audit/access-history";
    }
}
