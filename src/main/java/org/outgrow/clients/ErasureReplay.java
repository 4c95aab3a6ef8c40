package org.outgrow.clients;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * At every start of the application (not of an operator command) the erasure log is replayed,
 * after the database is migrated and before the web server takes a request: a restored database
 * never shows an erased client, not even for a moment.
 */
@Component
@Profile("!command")
class ErasureReplay implements SmartInitializingSingleton {

    private final Erasures erasures;

    ErasureReplay(Erasures erasures) {
        this.erasures = erasures;
    }

    @Override
    public void afterSingletonsInstantiated() {
        erasures.replay();
    }
}
