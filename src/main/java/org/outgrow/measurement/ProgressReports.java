package org.outgrow.measurement;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.clients.Intake;
import org.outgrow.clients.ReferrerSharing;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.EpisodeWork;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.OutgrowUser;
import org.outgrow.practice.Practices;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.web.PdfDocuments;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The PDF progress report: the progress page's figures, charts, tables and goal ratings, for the
 * client or, only while the client consents, for whoever referred them. It reads scores and goal
 * ratings and nothing of the notes module, so no note can end up in it. Each report is audited.
 */
@Service
class ProgressReports {

    static final String TEMPLATE = "measurement/progress-report";

    private final EpisodeWork episodes;
    private final Responses responses;
    private final ProgressViews views;
    private final Intake intake;
    private final Clients clients;
    private final Accounts accounts;
    private final Practices practices;
    private final PdfDocuments pdf;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ProgressReports(EpisodeWork episodes, Responses responses, ProgressViews views, Intake intake, Clients clients,
                    Accounts accounts, Practices practices, PdfDocuments pdf, ApplicationEventPublisher events,
                    Clock clock) {
        this.episodes = episodes;
        this.responses = responses;
        this.views = views;
        this.intake = intake;
        this.clients = clients;
        this.accounts = accounts;
        this.practices = practices;
        this.pdf = pdf;
        this.events = events;
        this.clock = clock;
    }

    /** What the template shows. Only names, dates and figures: no contact details, no free text but goal wording. */
    public record Report(boolean forReferrer, String client, String therapist, String practice, LocalDate date,
                         @Nullable LocalDate consentedOn, List<EpisodeProgress> episodes) {
    }

    public record EpisodeProgress(LocalDate since, ProgressViews.Progress progress) {
    }

    /** A rendered report with a file name that says what it is and never whose. */
    record Document(byte[] pdf, String filename) {
    }

    /** The therapist's report of their own episode, for the client or (with consent) the referrer. */
    @Transactional(readOnly = true)
    Document forTherapist(UUID episodeId, OutgrowUser therapist, boolean forReferrer, Locale locale) {
        Episode episode = episodes.forTherapist(episodeId, therapist);
        Optional<ReferrerSharing> sharing = intake.referrerSharing(episode.clientId()).filter(ReferrerSharing::given);
        if (forReferrer && sharing.isEmpty()) {
            events.publishEvent(new AuditEvent("PROGRESS_REPORT_FOR_REFERRER_REFUSED", AuditEvent.Kind.READ, "episode",
                    episodeId.toString(), episode.clientId(), AuditEvent.Outcome.DENIED, null, null));
            throw new MeasurementRuleViolation("report.rule.noReferrerConsent");
        }
        events.publishEvent(AuditEvent.read(forReferrer ? "PROGRESS_REPORT_FOR_REFERRER" : "PROGRESS_REPORT",
                "episode", episodeId, episode.clientId()));
        ZoneId zone = episodes.zone();
        Report report = new Report(forReferrer, clientName(episode.clientId()), therapist.displayName(),
                practices.current().name(), LocalDate.now(clock.withZone(zone)),
                forReferrer ? LocalDate.ofInstant(sharing.get().recordedAt(), zone) : null,
                List.of(progress(episode, zone, locale)));
        return render(report, locale, forReferrer ? "progress-report-for-referrer-" : "progress-report-");
    }

    /** The signed-in client's own report, every episode newest first, as on their progress page. */
    @Transactional(readOnly = true)
    Document forClient(OutgrowUser user, Locale locale) {
        Client client = clients.ofAccount(user.accountId()).orElseThrow(EpisodeWork.NotYours::new);
        List<Episode> own = episodes.ofClientAccount(user);
        events.publishEvent(AuditEvent.read("PROGRESS_REPORT_BY_CLIENT", "client", client.id(), client.id()));
        ZoneId zone = episodes.zone();
        UUID therapistId = own.stream().findFirst().map(Episode::therapistId).orElse(client.therapistId());
        String therapist = therapistId == null ? "—"
                : accounts.summary(therapistId).map(Accounts.Summary::displayName).orElse("—");
        Report report = new Report(false, client.displayName(), therapist, practices.current().name(),
                LocalDate.now(clock.withZone(zone)), null,
                own.stream().map(episode -> progress(episode, zone, locale)).toList());
        return render(report, locale, "progress-report-");
    }

    private EpisodeProgress progress(Episode episode, ZoneId zone, Locale locale) {
        return new EpisodeProgress(LocalDate.ofInstant(episode.openedAt(), zone),
                views.of(episode, responses.ofEpisode(episode.id()), locale));
    }

    private String clientName(UUID clientId) {
        return clients.find(clientId).map(Client::displayName).orElse("—");
    }

    private Document render(Report report, Locale locale, String prefix) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("report", report);
        return new Document(pdf.render(TEMPLATE, locale, model), prefix + report.date() + ".pdf");
    }
}
