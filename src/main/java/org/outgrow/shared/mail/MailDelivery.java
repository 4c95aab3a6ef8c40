package org.outgrow.shared.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.InternetAddress;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.crypto.FieldCipher;
import org.outgrow.shared.db.TenantTransactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers queued mail over SMTP when a mail server is configured, with exponential back-off on
 * failure. Rows are claimed with {@code FOR UPDATE SKIP LOCKED}, so several nodes never send the
 * same message twice at once. Delivered bodies are cleared. A server that cannot be reached, or
 * does not answer within the SMTP timeouts, ends the round after the first mail that tried it.
 */
@Component
@ConditionalOnProperty(name = "outgrow.mail.sender.enabled", havingValue = "true", matchIfMissing = true)
public class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final ObjectProvider<JavaMailSender> smtp;
    private final TenantTransactions tenantTransactions;
    private final Clock clock;
    private final String from;

    MailDelivery(JdbcClient jdbc, FieldCipher cipher, ObjectProvider<JavaMailSender> smtp,
               TenantTransactions tenantTransactions, Clock clock, @Value("${outgrow.mail.from}") String from) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.smtp = smtp;
        this.tenantTransactions = tenantTransactions;
        this.clock = clock;
        this.from = from;
    }

    public boolean smtpConfigured() {
        return smtp.getIfAvailable() != null;
    }

    @Scheduled(fixedDelayString = "${outgrow.mail.sender.interval:5s}", initialDelayString = "5s")
    public void deliverPending() {
        JavaMailSender sender = smtp.getIfAvailable();
        if (sender == null) {
            return;
        }
        List<UUID> practices = jdbc.sql("select id from practice").query(UUID.class).list();
        for (UUID practice : practices) {
            boolean serverAnswered = tenantTransactions.call(Tenancy.Context.of(new PracticeId(practice)),
                    () -> deliverBatch(sender));
            if (!serverAnswered) {
                return; // the rest waits for the next round instead of each mail waiting out the timeout
            }
        }
    }

    /** False when the mail server could not be reached or did not answer: the round stops there. */
    private boolean deliverBatch(JavaMailSender sender) {
        Instant now = clock.instant();
        record Pending(UUID id, String recipient, String subject, byte[] body, int attempts) {
        }
        List<Pending> pending = jdbc.sql("""
                select id, recipient, subject, body, attempts from mail_outbox
                where sent_at is null and next_attempt_at <= ? order by next_attempt_at
                limit ? for update skip locked""")
                .params(Timestamp.from(now), BATCH)
                .query((rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getString("recipient"),
                        rs.getString("subject"), rs.getBytes("body"), rs.getInt("attempts")))
                .list();
        for (Pending mail : pending) {
            try {
                SimpleMailMessage message = new SimpleMailMessage();
                message.setFrom(from);
                message.setTo(new InternetAddress(mail.recipient(), true).getAddress());
                message.setSubject(mail.subject());
                message.setText(cipher.decrypt(mail.body(), Mail.associatedData(mail.id())));
                sender.send(message);
                jdbc.sql("update mail_outbox set sent_at = ?, body = null, attempts = attempts + 1,"
                                + " last_error = null where id = ?")
                        .params(Timestamp.from(clock.instant()), mail.id()).update();
            } catch (Exception e) {
                int attempts = mail.attempts() + 1;
                Duration backOff = Duration.ofSeconds(Math.min(3600, 10L << Math.min(attempts, 9)));
                log.warn("Mail {} not delivered (attempt {}): {}", mail.id(), attempts, e.getClass().getSimpleName());
                jdbc.sql("update mail_outbox set attempts = ?, next_attempt_at = ?, last_error = ? where id = ?")
                        .params(attempts, Timestamp.from(clock.instant().plus(backOff)),
                                e.getClass().getSimpleName(), mail.id())
                        .update();
                if (serverUnreachable(e)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A connection refused, reset or timed out, as opposed to one message the server refused. */
    private static boolean serverUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketException || cause instanceof java.io.InterruptedIOException
                    || cause instanceof java.net.UnknownHostException) {
                return true;
            }
            if (cause instanceof jakarta.mail.MessagingException messaging && messaging.getNextException() != null
                    && serverUnreachable(messaging.getNextException())) {
                return true;
            }
        }
        return false;
    }
}
