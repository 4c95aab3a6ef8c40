package org.outgrow.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;

/** Reading what the application sent through the test SMTP server (GreenMail). */
public final class Inbox {

    private Inbox() {
    }

    /** The first message to the recipient, waiting up to 20 s for the outbox to deliver it. */
    public static MimeMessage mailTo(GreenMailExtension smtp, String recipient) throws InterruptedException {
        for (int attempt = 0; attempt < 100; attempt++) {
            for (MimeMessage message : smtp.getReceivedMessagesForDomain(recipient)) {
                try {
                    if (message.getAllRecipients()[0].toString().equals(recipient)) {
                        return message;
                    }
                } catch (jakarta.mail.MessagingException e) {
                    throw new AssertionError(e);
                }
            }
            smtp.waitForIncomingEmail(200, smtp.getReceivedMessages().length + 1);
        }
        throw new AssertionError("No mail arrived for " + recipient);
    }

    /** The path of the first link the pattern's group 1 finds in the body (soft line breaks undone). */
    public static String link(MimeMessage message, Pattern pattern) {
        Matcher matcher = pattern.matcher(GreenMailUtil.getBody(message).replace("=\r\n", ""));
        if (!matcher.find()) {
            throw new AssertionError("No link in the mail matches " + pattern);
        }
        return matcher.group(1);
    }
}
