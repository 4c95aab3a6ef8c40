package org.outgrow.supervision;

import java.time.Clock;

import org.outgrow.clients.ClientErasureRequested;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** A client who asked to be erased is no longer discussed: their cases leave every supervisor's queue. */
@Component
class SupervisionBeforeErasure {

    private final SupervisionRequests requests;
    private final Clock clock;

    SupervisionBeforeErasure(SupervisionRequests requests, Clock clock) {
        this.requests = requests;
        this.clock = clock;
    }

    @EventListener
    void on(ClientErasureRequested request) {
        requests.withdrawAllOf(request.clientId(), clock.instant());
    }
}
