package org.outgrow.sessions;

/** A step the rules of appointments do not allow, with the message key that says what to do instead. */
class SessionRuleViolation extends RuntimeException {

    private final String messageKey;

    SessionRuleViolation(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    String messageKey() {
        return messageKey;
    }
}
