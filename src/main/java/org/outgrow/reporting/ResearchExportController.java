package org.outgrow.reporting;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Tenancy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Every scored answer of the practice as de-identified CSV for research: episodes and therapists
 * as numbers that mean nothing outside this file, days counted from the start of the episode
 * instead of dates, no names, no free text. Streamed row by row, so a large practice's export does
 * not have to fit in memory.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class ResearchExportController {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ResearchExportController(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @GetMapping("/admin/research.csv")
    @Transactional(readOnly = true)
    void export(@AuthenticationPrincipal OutgrowUser user, HttpServletResponse response) throws IOException {
        events.publishEvent(AuditEvent.read("RESEARCH_EXPORT", "practice", user.practiceId().value(), null));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"research-export.csv\"");
        PrintWriter out = response.getWriter();
        out.print("episode,therapist,instrument,day,session,completeness,total,band,caseness,episode_state,ending\n");
        Map<UUID, Integer> episodes = new HashMap<>();
        Map<UUID, Integer> therapists = new HashMap<>();
        jdbc.sql("""
                select e.id as episode, e.therapist_id, r.instrument,
                       floor(extract(epoch from r.answered_at - e.opened_at) / 86400) as day,
                       r.session_number, r.completeness, r.total, r.band, r.caseness, e.state, e.ending_kind
                from measure_response r join episode e on e.practice_id = r.practice_id and e.id = r.episode_id
                where r.practice_id = ?
                  and not exists (select 1 from client c where c.practice_id = e.practice_id and c.id = e.client_id
                                  and c.erasure_requested_at is not null) -- restricted: kept, not used
                order by e.opened_at, e.id, r.answered_at""")
                .param(Tenancy.requirePractice().value())
                .query(rs -> {
                    int episode = episodes.computeIfAbsent(rs.getObject("episode", UUID.class),
                            id -> episodes.size() + 1);
                    int therapist = therapists.computeIfAbsent(rs.getObject("therapist_id", UUID.class),
                            id -> therapists.size() + 1);
                    double total = rs.getDouble("total");
                    String scored = rs.wasNull() ? "" : String.format(Locale.ROOT, "%.2f", total);
                    boolean caseness = rs.getBoolean("caseness");
                    String atCaseness = rs.wasNull() ? "" : Boolean.toString(caseness);
                    out.print(String.join(",", "E" + episode, "T" + therapist, rs.getString("instrument"),
                            Long.toString(rs.getLong("day")), Integer.toString(rs.getInt("session_number")),
                            rs.getString("completeness"), scored, nullable(rs.getString("band")), atCaseness,
                            rs.getString("state"), nullable(rs.getString("ending_kind"))) + "\n");
                });
        out.flush();
    }

    private static String nullable(String value) {
        return value == null ? "" : value;
    }
}
