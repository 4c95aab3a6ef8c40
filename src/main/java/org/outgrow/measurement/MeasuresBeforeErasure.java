package org.outgrow.measurement;

import java.time.Clock;
import java.time.Instant;

import org.outgrow.clients.ClientErasureRequested;
import org.outgrow.clients.ErasureRefused;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Before a client's record is restricted for erasure: an open alert is finished by the therapist
 * first (a risk alert is never dropped unseen); then the client's open questionnaire links stop
 * answering and their schedules stop. After a restore the replay closes what the older database
 * still held open, alerts included, since nobody may now act on them.
 */
@Component
class MeasuresBeforeErasure {

    private final Alerts alerts;
    private final MeasureRequests requests;
    private final Schedules schedules;
    private final Clock clock;

    MeasuresBeforeErasure(Alerts alerts, MeasureRequests requests, Schedules schedules, Clock clock) {
        this.alerts = alerts;
        this.requests = requests;
        this.schedules = schedules;
        this.clock = clock;
    }

    @EventListener
    void on(ClientErasureRequested request) {
        if (!request.replay() && alerts.openOfClient(request.clientId()) > 0) {
            throw new ErasureRefused("erasure.rule.openAlerts");
        }
        Instant now = clock.instant();
        alerts.closeAllOf(request.clientId(),
                "Closed when the record was restricted after the client asked to be erased.", now);
        requests.cancelAllOf(request.clientId());
        schedules.stopAllOf(request.clientId(), now);
    }
}
