package org.outgrow.shared.mail;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.Ids;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.Tenancy;
import org.outgrow.shared.crypto.FieldCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues mail in the caller's transaction; {@link MailDelivery} delivers it. Mail never carries
 * clinical content: only notices and links that lead to the signed-in application.
 */
@Service
public class Mail {

    private final JdbcClient jdbc;
    private final FieldCipher cipher;
    private final Clock clock;

    Mail(JdbcClient jdbc, FieldCipher cipher, Clock clock) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void queue(String recipient, String subject, String body) {
        queue(Ids.next(), recipient, subject, body);
    }

    /**
     * Queues the one mail about something under that thing's id (an alert's), so the outbox's
     * primary key refuses a second and the mail can be told apart from others of its kind.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void queue(UUID id, String recipient, String subject, String body) {
        PracticeId practice = Tenancy.requirePractice();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into mail_outbox (practice_id, id, recipient, subject, body, created_at, next_attempt_at)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(practice.value(), id, recipient, subject, cipher.encrypt(body, associatedData(id)),
                        java.sql.Timestamp.from(now), java.sql.Timestamp.from(now))
                .update();
    }

    /** Forgets every mail of the current practice to this address, sent or waiting. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(String recipient) {
        jdbc.sql("delete from mail_outbox where practice_id = ? and recipient = ?")
                .params(Tenancy.requirePractice().value(), recipient).update();
    }

    /** Queued mail of the current practice, newest first, for the outbox page (no SMTP configured). */
    @Transactional(readOnly = true)
    public List<QueuedMail> recent(int limit) {
        return jdbc.sql("""
                select id, recipient, subject, body, created_at, sent_at, attempts, last_error
                from mail_outbox order by created_at desc limit ?""")
                .param(limit)
                .query((rs, row) -> {
                    UUID id = rs.getObject("id", UUID.class);
                    byte[] body = rs.getBytes("body");
                    return new QueuedMail(id, rs.getString("recipient"), rs.getString("subject"),
                            body == null ? null : cipher.decrypt(body, associatedData(id)),
                            rs.getTimestamp("created_at").toInstant(),
                            rs.getTimestamp("sent_at") == null ? null : rs.getTimestamp("sent_at").toInstant(),
                            rs.getInt("attempts"), rs.getString("last_error"));
                })
                .list();
    }

    static String associatedData(UUID id) {
        return "mail_outbox:" + id;
    }

    public record QueuedMail(UUID id, String recipient, String subject, @Nullable String body, Instant createdAt,
                             @Nullable Instant sentAt, int attempts, @Nullable String lastError) {
    }
}
