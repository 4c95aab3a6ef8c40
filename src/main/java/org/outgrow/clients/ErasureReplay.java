package org.outgrow.clients;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** At every start of the application (not of an operator command), the erasure log is replayed. */
@Component
@Profile("!command")
class ErasureReplay {

    private final Erasures erasures;

    ErasureReplay(Erasures erasures) {
        this.erasures = erasures;
    }

    @EventListener(ApplicationReadyEvent.class)
    void replay() {
        erasures.replay();
    }
}
