package org.outgrow.reporting;

import java.nio.charset.StandardCharsets;
import java.text.CollationKey;
import java.text.Collator;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.Csv;
import org.outgrow.shared.web.Navigation;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The practice's outcome figures for its administrator: the whole practice and each therapist, over
 * a period of endings, each figure with its n and 95% interval, small groups suppressed; as a page
 * and as CSV. Figures only: no client, no free text.
 */
@Controller
@PreAuthorize("hasRole('ADMIN')")
class OutcomesController {

    private final PracticeOutcomes outcomes;
    private final PublicProfiles profiles;
    private final Practices practices;
    private final ApplicationEventPublisher events;
    private final java.time.Clock clock;

    OutcomesController(PracticeOutcomes outcomes, PublicProfiles profiles, Practices practices,
                       ApplicationEventPublisher events, java.time.Clock clock) {
        this.outcomes = outcomes;
        this.profiles = profiles;
        this.practices = practices;
        this.events = events;
        this.clock = clock;
    }

    @Bean
    static Navigation outcomesNavigation() {
        return new Navigation("/admin/outcomes", "nav.outcomes", Set.of("ADMIN"), 52);
    }

    /** A group's figures: the practice as a whole ({@code therapist} null, name empty) or one therapist. */
    public record Group(@Nullable UUID therapist, String name, OutcomeFigures figures) {
    }

    @GetMapping("/admin/outcomes")
    String show(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate from,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate to,
                @RequestParam(required = false) @Nullable UUID therapist,
                @AuthenticationPrincipal OutgrowUser user, Model model) {
        Period period = period(from, to);
        List<Group> groups = groups(period, user);
        model.addAttribute("from", period.from());
        model.addAttribute("to", period.to());
        model.addAttribute("practice", groups.getFirst());
        model.addAttribute("therapists", groups.subList(1, groups.size()));
        model.addAttribute("therapist", therapist);
        model.addAttribute("chosen", therapist == null ? null : groups.stream()
                .filter(group -> therapist.equals(group.therapist())).findFirst().orElse(null));
        model.addAttribute("published", profiles.published());
        model.addAttribute("slug", practices.current().slug());
        model.addAttribute("minimum", Proportion.MINIMUM);
        return "reporting/outcomes";
    }


    @GetMapping("/admin/outcomes.csv")
    ResponseEntity<byte[]> csv(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                               @Nullable LocalDate from,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                               @Nullable LocalDate to, @AuthenticationPrincipal OutgrowUser user) {
        Period period = period(from, to);
        StringBuilder csv = new StringBuilder("group,figure,count,n,share,low95,high95,suppressed\n");
        for (Group group : groups(period, user)) {
            OutcomeFigures figures = group.figures();
            Map<String, Proportion> shares = new LinkedHashMap<>();
            shares.put("reliable_improvement", figures.reliableImprovement());
            shares.put("recovery", figures.recovery());
            shares.put("reliable_recovery", figures.reliableRecovery());
            shares.put("reliable_deterioration", figures.deterioration());
            shares.put("planned_ending", figures.planned());
            shares.put("dropout", figures.dropout());
            shares.put("data_completeness", figures.completeness());
            String name = group.name().isEmpty() ? "practice" : Csv.quoted(group.name());
            shares.forEach((figure, share) -> csv.append(String.join(",", name, figure,
                    share.suppressed() ? "" : Integer.toString(share.count()), Integer.toString(share.of()),
                    number(share.share()), number(share.low()), number(share.high()),
                    Boolean.toString(share.suppressed()))).append('\n'));
            Mean sessions = figures.sessions();
            csv.append(String.join(",", name, "mean_sessions", "", Integer.toString(sessions.of()),
                    number(sessions.value()), number(sessions.low()), number(sessions.high()),
                    Boolean.toString(sessions.suppressed()))).append('\n');
        }
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"outcomes-" + period.from() + "-"
                        + period.to() + ".csv\"")
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .body(csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    @PostMapping("/admin/outcomes/public-profile")
    String publish(@RequestParam(defaultValue = "false") boolean published, @AuthenticationPrincipal OutgrowUser user,
                   RedirectAttributes redirect) {
        profiles.publish(published, user.accountId());
        redirect.addFlashAttribute("notice", published ? "outcomes.profile.published" : "outcomes.profile.withdrawn");
        return "redirect:/admin/outcomes";
    }

    private record Period(LocalDate from, LocalDate to) {
    }

    /** Endings from the first to the last day given, both included; the last twelve months by default. */
    private Period period(@Nullable LocalDate from, @Nullable LocalDate to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone());
        LocalDate last = to == null ? today : to;
        LocalDate first = from == null ? last.minusYears(1).plusDays(1) : from;
        return first.isAfter(last) ? new Period(last, first) : new Period(first, last);
    }

    private List<Group> groups(Period period, OutgrowUser user) {
        Instant from = period.from().atStartOfDay(zone()).toInstant();
        Instant to = period.to().plusDays(1).atStartOfDay(zone()).toInstant();
        List<OutcomeFigures.Ended> ended = outcomes.ended(from, to);
        events.publishEvent(AuditEvent.read("OUTCOMES_VIEWED", "practice", user.practiceId().value(), null));
        Map<UUID, List<OutcomeFigures.Ended>> byTherapist = new HashMap<>();
        Map<UUID, CollationKey> names = new HashMap<>(); // compared as keys: a large practice has thousands
        Collator collator = Collator.getInstance(Locale.ROOT);
        for (OutcomeFigures.Ended episode : ended) {
            byTherapist.computeIfAbsent(episode.therapist(), id -> {
                names.put(id, collator.getCollationKey(episode.therapistName()));
                return new ArrayList<>();
            }).add(episode);
        }
        List<Group> groups = new ArrayList<>();
        groups.add(new Group(null, "", OutcomeFigures.of(ended)));
        names.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(name -> groups.add(new Group(
                name.getKey(), name.getValue().getSourceString(), OutcomeFigures.of(byTherapist.get(name.getKey())))));
        return groups;
    }

    private ZoneId zone() {
        return practices.current().timeZone();
    }

    private static String number(@Nullable Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }
}
