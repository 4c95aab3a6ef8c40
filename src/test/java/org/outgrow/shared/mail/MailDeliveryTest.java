package org.outgrow.shared.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outgrow.testing.AtOnce;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two nodes delivering the outbox at the same moment send every message once: rows are claimed
 * with FOR UPDATE SKIP LOCKED and marked sent in the same transaction. (The context's own
 * scheduled delivery joins in as a third sender; the count must hold all the same.) SMTP runs on
 * a free port, so this test can run beside the ones that use GreenMail's fixed port.
 */
@OutgrowTest
class MailDeliveryTest {

    private static final int PORT = freePort();

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> PORT);
    }

    @Autowired
    MailDelivery delivery;

    @Autowired
    Mail mail;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoNodesDeliveringAtOnceSendEachMessageOnce() {
        var people = practices.create();
        int queued = 45; // more than two batches of 20, so the runs overlap and each must skip the other's rows
        practices.inPractice(people, () -> {
            for (int i = 0; i < queued; i++) {
                mail.queue("person" + i + "@" + people.slug() + ".test", "Notice " + i, "Please sign in.");
            }
            return null;
        });

        for (int round = 0; round < 5 && unsent(people) > 0; round++) {
            AtOnce.onTwoNodes(delivery::deliverPending);
        }

        assertThat(unsent(people)).isZero();
        Map<String, Long> received = Arrays.stream(smtp.getReceivedMessages()).map(MailDeliveryTest::recipient)
                .filter(recipient -> recipient.endsWith("@" + people.slug() + ".test"))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(received).hasSize(queued).allSatisfy((recipient, count) -> assertThat(count).as(recipient).isOne());
    }

    private int unsent(TestPractice.People people) {
        return practices.inPractice(people, () -> jdbc.sql("select count(*) from mail_outbox where sent_at is null")
                .query(Integer.class).single());
    }

    private static String recipient(MimeMessage message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
