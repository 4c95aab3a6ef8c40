package org.outgrow.shared.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.outgrow.testing.OutgrowTest;
import org.outgrow.testing.TestPractice;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Checklist T37: a mail server that accepts connections and then never answers (a hung server,
 * a black-holing firewall) costs one SMTP timeout per delivery round, not one per queued mail;
 * the mail waits in the outbox with its back-off, and the application stays healthy.
 */
@OutgrowTest
class HangingMailServerTest {

    private static final ServerSocket SILENT = silentServer();
    private static final List<Socket> HELD = new ArrayList<>();

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SILENT::getLocalPort);
        registry.add("spring.mail.properties.mail.smtp.connectiontimeout", () -> "500");
        registry.add("spring.mail.properties.mail.smtp.timeout", () -> "500");
        registry.add("outgrow.mail.sender.interval", () -> "1h"); // only the test delivers
    }

    @Autowired
    MailDelivery delivery;

    @Autowired
    Mail mail;

    @Autowired
    TestPractice practices;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aServerThatNeverAnswersEndsTheRoundAfterOneMailAndTheRestWait() throws Exception {
        var people = practices.create();
        practices.inPractice(people, () -> {
            for (int i = 0; i < 3; i++) {
                mail.queue("person" + i + "@" + people.slug() + ".test", "Notice " + i, "Please sign in.");
            }
            return null;
        });

        delivery.deliverPending();

        List<String> outbox = practices.inPractice(people, () -> jdbc.sql("""
                select attempts || ' ' || (sent_at is null) || ' ' || coalesce(last_error, '-') from mail_outbox
                order by attempts desc""").query(String.class).list());
        assertThat(outbox).as("one mail tried the silent server; the others wait for the next round")
                .containsExactly("1 true MailSendException", "0 true -", "0 true -");
        assertThat(mvc.perform(get("/actuator/health")).andReturn().getResponse().getStatus()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        SILENT.close();
        for (Socket socket : HELD) {
            socket.close();
        }
    }

    /** Accepts every connection and never writes a byte (no SMTP greeting). */
    private static ServerSocket silentServer() {
        try {
            ServerSocket server = new ServerSocket(0);
            Thread.ofPlatform().daemon().name("silent-smtp").start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        synchronized (HELD) {
                            HELD.add(socket);
                        }
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
