package org.outgrow.measurement;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.episodes.Episode;
import org.outgrow.episodes.Episodes;
import org.outgrow.identity.Accounts;
import org.outgrow.shared.AuditEvent;
import org.outgrow.shared.mail.Mail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which alerts a new response opens, in the transaction that stores it. The episode's therapist
 * owns them. A risk alert also sends them an e-mail that names no client and no score, queued in
 * the same transaction: if mail cannot be delivered, the e-mail waits, the alert does not.
 */
@Component
class AlertRules {

    private final Alerts alerts;
    private final Responses responses;
    private final Trajectories trajectories;
    private final Episodes episodes;
    private final Accounts accounts;
    private final Mail mail;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String baseUrl;

    AlertRules(Alerts alerts, Responses responses, Trajectories trajectories, Episodes episodes, Accounts accounts, Mail mail, MessageSource messages,
               ApplicationEventPublisher events, Clock clock, @Value("${outgrow.base-url}") String baseUrl) {
        this.alerts = alerts;
        this.responses = responses;
        this.trajectories = trajectories;
        this.episodes = episodes;
        this.accounts = accounts;
        this.mail = mail;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /**
     * The alerts an answer raises; {@code firstAndLastScored} are the instrument's first and last
     * scored answers in the episode with this one ({@code Responses.Inserted}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void afterResponse(UUID episodeId, Instrument instrument, UUID responseId, Score score,
                       List<StoredResponse> firstAndLastScored) {
        List<Alert.Kind> raised = new java.util.ArrayList<>();
        if (score.risk() == Score.Risk.POSITIVE) {
            raised.add(Alert.Kind.RISK);
        }
        if (score.scored() && instrument.id().equals(SESSION_FEEDBACK)) {
            List<Double> ratings = responses.ofEpisode(episodeId, instrument.id()).stream()
                    .map(answer -> answer.score().total()).filter(java.util.Objects::nonNull).toList();
            if (AllianceDrop.assess(ratings).dropped()) {
                raised.add(Alert.Kind.ALLIANCE_DROP);
            }
        } else if (score.scored()) {
            Trajectories.Trajectory trajectory = trajectories.of(instrument, firstAndLastScored);
            if (trajectory.statistics().classification().orElse(null) == Change.RELIABLE_DETERIORATION) {
                raised.add(Alert.Kind.DETERIORATION);
            }
            if (trajectory.onTrack().orElse(true) == Boolean.FALSE) {
                raised.add(Alert.Kind.NOT_ON_TRACK);
            }
        }
        if (!raised.isEmpty()) { // the episode is read only for the alerts it gets
            Episode episode = episodes.find(episodeId).orElseThrow();
            raised.forEach(kind -> open(episode, kind, instrument.id(), responseId));
        }
    }

    /** Outgrow's own session feedback form: the client's view of the session and the relationship. */
    static final String SESSION_FEEDBACK = "session-feedback";

    /** Opens an alert unless one of the kind is open for the episode; audits and notifies the owner. */
    @Transactional(propagation = Propagation.MANDATORY)
    void open(Episode episode, Alert.Kind kind, @Nullable String instrument, @Nullable UUID responseId) {
        Instant now = clock.instant();
        alerts.open(episode.id(), episode.clientId(), kind, instrument, episode.therapistId(), responseId, now)
                .ifPresent(id -> {
                    events.publishEvent(AuditEvent.write("ALERT_OPENED_" + kind.name(), "alert", id,
                            episode.clientId()));
                    if (kind == Alert.Kind.RISK) {
                        accounts.summary(episode.therapistId()).ifPresent(owner -> {
                            Locale language = owner.languageOr(LocaleContextHolder.getLocale());
                            mail.queue(id, owner.email(), messages.getMessage("mail.alert.subject", null, language),
                                    messages.getMessage("mail.alert.body", new Object[] {owner.displayName(),
                                            baseUrl + "/alerts"}, language));
                        });
                    }
                });
    }
}
