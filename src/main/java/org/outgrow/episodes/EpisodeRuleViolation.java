package org.outgrow.episodes;

/**
 * A step the rules of an episode do not allow, such as ending before the ending phase with a
 * planned ending. Carries a message key that tells the person what to do instead.
 */
public class EpisodeRuleViolation extends RuntimeException {

    private final String messageKey;

    EpisodeRuleViolation(String messageKey) {
        super(messageKey);
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
