package org.outgrow.measurement;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

import org.outgrow.clients.Client;
import org.outgrow.clients.Clients;
import org.outgrow.identity.Accounts;
import org.outgrow.identity.Tokens;
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
 * E-mails a client a single-use link to one questionnaire. The link carries a fresh 256-bit token
 * whose hash replaces any earlier one, so only the newest link works; the mail names no
 * questionnaire and no score. Clients without an e-mail address answer in the portal or the room.
 * It is written in the language the client last signed in to the portal with; until they have,
 * in their therapist's, which is as near as Outgrow knows to the language the two of them share.
 * Most links go out from the scheduled round, where no one's browser says anything.
 */
@Component
class RequestLinks {

    private final MeasureRequests requests;
    private final Clients clients;
    private final Accounts accounts;
    private final Mail mail;
    private final MessageSource messages;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final String baseUrl;

    RequestLinks(MeasureRequests requests, Clients clients, Accounts accounts, Mail mail, MessageSource messages,
                 ApplicationEventPublisher events, Clock clock, @Value("${outgrow.base-url}") String baseUrl) {
        this.requests = requests;
        this.clients = clients;
        this.accounts = accounts;
        this.mail = mail;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
        this.baseUrl = baseUrl;
    }

    /** Whether a link was queued: false when the client has no e-mail address. */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean send(UUID requestId, UUID clientId, boolean reminder) {
        Client client = clients.find(clientId).orElseThrow();
        if (client.email() == null) {
            return false;
        }
        String token = Tokens.newToken();
        requests.attachLink(requestId, Tokens.hash(token), clock.instant());
        String kind = reminder ? "mail.questionnaireReminder" : "mail.questionnaire";
        Locale language = accounts.firstLanguage(client.accountId(), client.therapistId())
                .orElseGet(LocaleContextHolder::getLocale);
        mail.queue(client.email(), messages.getMessage(kind + ".subject", null, language),
                messages.getMessage(kind + ".body", new Object[] {client.displayName(), baseUrl + "/q/" + token},
                        language));
        events.publishEvent(AuditEvent.write(reminder ? "QUESTIONNAIRE_REMINDED" : "QUESTIONNAIRE_LINK_SENT",
                "measure_request", requestId, clientId));
        return true;
    }
}
