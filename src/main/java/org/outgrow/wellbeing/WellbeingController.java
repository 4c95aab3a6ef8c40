package org.outgrow.wellbeing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.identity.Role;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Ids;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The therapist's own load, private: the indicators and gentle nudges, and sharing a snapshot with a
 * supervisor of their choosing. Supervisors see only snapshots shared with them.
 */
@Controller
class WellbeingController {

    public record Shared(String therapistName, String snapshot, Instant sharedAt) {
    }

    private final LoadIndicators indicators;
    private final Accounts accounts;
    private final Practices practices;
    private final JdbcClient jdbc;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    WellbeingController(LoadIndicators indicators, Accounts accounts, Practices practices, JdbcClient jdbc,
                        MessageSource messages, ApplicationEventPublisher events, Clock clock) {
        this.indicators = indicators;
        this.accounts = accounts;
        this.practices = practices;
        this.jdbc = jdbc;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    @Bean
    static Navigation wellbeingNavigation() {
        return new Navigation("/wellbeing", "nav.wellbeing", Set.of("THERAPIST"), 40);
    }

    @Bean
    static Navigation sharedLoadNavigation() {
        return new Navigation("/wellbeing/shared", "nav.sharedLoad", Set.of("SUPERVISOR"), 21);
    }

    @GetMapping("/wellbeing")
    @PreAuthorize("hasRole('THERAPIST')")
    String show(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("load", indicators.of(user.accountId()));
        model.addAttribute("supervisors", supervisors());
        return "wellbeing/load";
    }

    @PostMapping("/wellbeing/shares")
    @PreAuthorize("hasRole('THERAPIST')")
    @Transactional
    String share(@RequestParam(required = false) @Nullable UUID supervisor, @AuthenticationPrincipal OutgrowUser user,
                 Locale locale, RedirectAttributes redirect) {
        if (supervisor == null || supervisors().stream().noneMatch(candidate -> candidate.id().equals(supervisor))) {
            redirect.addFlashAttribute("problem", "load.rule.supervisor");
            return "redirect:/wellbeing";
        }
        LoadIndicators.Load load = indicators.of(user.accountId());
        String snapshot = messages.getMessage("load.snapshot", new Object[] {load.openRisk(), load.notOnTrack(),
                load.sessionsPerWeek(), load.scheduledNextWeek(),
                load.daysSinceSupervision() == null ? "—" : load.daysSinceSupervision()}, locale);
        UUID id = Ids.next();
        jdbc.sql("""
                insert into load_share (practice_id, id, therapist_id, supervisor_id, snapshot, shared_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(Tenancy.requirePractice().value(), id, user.accountId(), supervisor, snapshot,
                        Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(AuditEvent.write("LOAD_SHARED", "load_share", id, null));
        redirect.addFlashAttribute("notice", "load.shared");
        return "redirect:/wellbeing";
    }

    @GetMapping("/wellbeing/shared")
    @PreAuthorize("hasRole('SUPERVISOR')")
    @Transactional(readOnly = true)
    String shared(@AuthenticationPrincipal OutgrowUser user, Model model) {
        model.addAttribute("shares", jdbc.sql("""
                select a.display_name, l.snapshot, l.shared_at from load_share l
                join account a on a.practice_id = l.practice_id and a.id = l.therapist_id
                where l.practice_id = ? and l.supervisor_id = ? order by l.shared_at desc limit 100""")
                .params(Tenancy.requirePractice().value(), user.accountId())
                .query((rs, row) -> new Shared(rs.getString("display_name"), rs.getString("snapshot"),
                        rs.getTimestamp("shared_at").toInstant()))
                .list());
        model.addAttribute("zone", practices.current().timeZone());
        return "wellbeing/shared";
    }

    record Supervisor(UUID id, String name) {
    }

    private List<Supervisor> supervisors() {
        return accounts.activeWithRole(Role.SUPERVISOR).stream()
                .map(account -> new Supervisor(account.id(), account.displayName())).toList();
    }
}
