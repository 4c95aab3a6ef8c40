package org.outgrow.measurement;

/** A measurement rule the request broke, named by the message key shown to the person. */
class MeasurementRuleViolation extends RuntimeException {

    private final String messageKey;

    MeasurementRuleViolation(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    String messageKey() {
        return messageKey;
    }
}
