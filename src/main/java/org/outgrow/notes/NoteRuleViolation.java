package org.outgrow.notes;

/** A step the rules of notes do not allow, named by the message key shown to the person. */
class NoteRuleViolation extends RuntimeException {

    private final String messageKey;

    NoteRuleViolation(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    String messageKey() {
        return messageKey;
    }
}
