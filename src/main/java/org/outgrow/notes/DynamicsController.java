package org.outgrow.notes;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.ChangeEvidence;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.shared.AuditEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The therapist's private record of the relationship in an episode: dynamics tagged per session in
 * a few clicks, their timeline, a prompt when rescuing or over-functioning keeps recurring while
 * the work is not on track, and ruptures with their repair.
 */
@Controller
@PreAuthorize("hasRole('THERAPIST')")
class DynamicsController {

    /** Of the last this many tagged sessions, this many with rescuing or over-functioning is a pattern. */
    static final int PATTERN_WINDOW = 6;
    static final int PATTERN_COUNT = 3;

    private final EpisodeWork episodes;
    private final Dynamics dynamics;
    private final ChangeEvidence evidence;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    DynamicsController(EpisodeWork episodes, Dynamics dynamics, ChangeEvidence evidence,
                       ApplicationEventPublisher events, Clock clock) {
        this.episodes = episodes;
        this.dynamics = dynamics;
        this.evidence = evidence;
        this.events = events;
        this.clock = clock;
    }

    @GetMapping("/episodes/{id}/dynamics")
    @Transactional(readOnly = true)
    String show(@PathVariable UUID id, @AuthenticationPrincipal OutgrowUser user, Locale locale, Model model) {
        Episode episode = episodes.forTherapist(id, user);
        events.publishEvent(AuditEvent.read("DYNAMICS_VIEWED", "episode", id, episode.clientId()));
        List<Dynamics.Noted> timeline = dynamics.timeline(id, user.accountId());
        long rescuing = timeline.stream().limit(PATTERN_WINDOW)
                .filter(day -> day.tags().stream().anyMatch(Dynamics.RESCUING::contains)).count();
        boolean notOnTrack = evidence.of(id, locale).measures().stream()
                .anyMatch(measure -> Boolean.FALSE.equals(measure.onTrack()));
        model.addAttribute("episodeId", id);
        model.addAttribute("taxonomy", dynamics.taxonomy());
        model.addAttribute("categories", Dynamics.Category.values());
        model.addAttribute("timeline", timeline);
        model.addAttribute("labels", dynamics.taxonomy().stream().filter(tag -> tag.label() != null)
                .collect(Collectors.toMap(Dynamics.Tag::code, Dynamics.Tag::label)));
        model.addAttribute("pattern", rescuing >= PATTERN_COUNT);
        model.addAttribute("suggestSupervision", rescuing >= PATTERN_COUNT && notOnTrack);
        model.addAttribute("ruptures", dynamics.ruptures(id));
        model.addAttribute("today", episodes.today());
        model.addAttribute("noticedBy", Dynamics.NoticedBy.values());
        model.addAttribute("kinds", Dynamics.Kind.values());
        model.addAttribute("repairs", Dynamics.Repair.values());
        return "notes/dynamics";
    }

    @PostMapping("/episodes/{id}/dynamics")
    @Transactional
    String tag(@PathVariable UUID id,
               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate on,
               @RequestParam(required = false) @Nullable List<String> tags, @AuthenticationPrincipal OutgrowUser user,
               RedirectAttributes redirect) {
        Episode episode = episodes.forTherapist(id, user);
        Set<String> known = dynamics.taxonomy().stream().map(Dynamics.Tag::code).collect(Collectors.toSet());
        List<String> chosen = tags == null ? List.of() : tags.stream().distinct().filter(known::contains).toList();
        if (on == null || on.isAfter(episodes.today())) {
            redirect.addFlashAttribute("problem", "dynamics.rule.date");
            return "redirect:/episodes/" + id + "/dynamics";
        }
        dynamics.tag(id, user.accountId(), on, chosen, clock.instant());
        events.publishEvent(AuditEvent.write("DYNAMICS_TAGGED", "episode", id, episode.clientId()));
        redirect.addFlashAttribute("notice", "dynamics.saved");
        return "redirect:/episodes/" + id + "/dynamics";
    }

    @PostMapping("/episodes/{id}/ruptures")
    @Transactional
    String rupture(@PathVariable UUID id,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) @Nullable LocalDate on,
                   @RequestParam(required = false) Dynamics.@Nullable NoticedBy noticedBy,
                   @RequestParam(required = false) Dynamics.@Nullable Kind kind,
                   @RequestParam(defaultValue = "NOT_YET") Dynamics.Repair repair,
                   @RequestParam(defaultValue = "") String howRepaired, @AuthenticationPrincipal OutgrowUser user,
                   RedirectAttributes redirect) {
        Episode episode = episodes.forTherapist(id, user);
        if (on == null || noticedBy == null || kind == null || howRepaired.length() > 2000
                || on.isAfter(episodes.today())) {
            redirect.addFlashAttribute("problem", "rupture.rule.fields");
            redirect.addFlashAttribute("howRepaired", howRepaired);
            return "redirect:/episodes/" + id + "/dynamics#ruptures";
        }
        UUID rupture = dynamics.rupture(id, on, noticedBy, kind, repair, howRepaired.isBlank() ? null
                : howRepaired.strip(), user.accountId(), clock.instant());
        events.publishEvent(AuditEvent.write("RUPTURE_RECORDED", "rupture", rupture, episode.clientId()));
        redirect.addFlashAttribute("notice", "rupture.saved");
        return "redirect:/episodes/" + id + "/dynamics#ruptures";
    }

    @PostMapping("/episodes/{id}/ruptures/{ruptureId}")
    @Transactional
    String repair(@PathVariable UUID id, @PathVariable UUID ruptureId,
                  @RequestParam(defaultValue = "NOT_YET") Dynamics.Repair repair,
                  @RequestParam(defaultValue = "") String howRepaired, @AuthenticationPrincipal OutgrowUser user,
                  RedirectAttributes redirect) {
        Episode episode = episodes.forTherapist(id, user);
        if (howRepaired.length() > 2000 || !dynamics.repair(id, ruptureId, repair,
                howRepaired.isBlank() ? null : howRepaired.strip())) {
            throw new EpisodeWork.NotYours();
        }
        events.publishEvent(AuditEvent.write("RUPTURE_" + repair.name(), "rupture", ruptureId, episode.clientId()));
        redirect.addFlashAttribute("notice", "rupture.saved");
        return "redirect:/episodes/" + id + "/dynamics#ruptures";
    }
}
