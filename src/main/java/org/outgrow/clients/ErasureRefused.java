package org.outgrow.clients;

/** An erasure request that cannot be carried out yet, with a message key saying what to finish first. */
public class ErasureRefused extends RuntimeException {

    private final String messageKey;

    public ErasureRefused(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
