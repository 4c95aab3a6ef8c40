package org.outgrow.supervision;

/** A supervision step the rules do not allow, named by the message key shown to the person. */
class SupervisionRuleViolation extends RuntimeException {

    private final String messageKey;

    SupervisionRuleViolation(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    String messageKey() {
        return messageKey;
    }
}
