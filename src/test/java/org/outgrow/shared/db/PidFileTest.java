package org.outgrow.shared.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outgrow.shared.db.EmbeddedDatabaseServer.PidFile;

/** postmaster.pid as PostgreSQL writes it, and as a crash or a half-written file leaves it. */
class PidFileTest {

    @TempDir
    Path dataDirectory;

    @Test
    void readsThePidThePortAndTheSharedMemorySegment() throws IOException {
        write("4242\n/var/lib/outgrow/postgres\n1764600000\n54321\n/tmp\nlocalhost\n  5432001    131081\nready   \n");
        PidFile pidFile = PidFile.of(dataDirectory).orElseThrow();
        assertThat(pidFile.pid()).isEqualTo(4242);
        assertThat(pidFile.port()).contains(54321);
        assertThat(pidFile.sharedMemoryId()).contains(131081L);
    }

    @Test
    void aMissingEmptyOrGarbledFileIsNoServerAndAGarbledLineIsLeftOut() throws IOException {
        assertThat(PidFile.of(dataDirectory)).as("missing").isEmpty();
        write("");
        assertThat(PidFile.of(dataDirectory)).as("empty").isEmpty();
        write("42\u0000x\n");
        assertThat(PidFile.of(dataDirectory)).as("garbled pid").isEmpty();
        write("4242\n/data\n1764600000\nport?\n/tmp\nlocalhost\n  5432001    not-a-number\n");
        assertThat(PidFile.of(dataDirectory)).as("garbled port and segment")
                .contains(new PidFile(4242, Optional.empty(), Optional.empty()));
        write("4242\n/data\n");
        assertThat(PidFile.of(dataDirectory)).as("cut short").contains(new PidFile(4242, Optional.empty(),
                Optional.empty()));
    }

    private void write(String content) throws IOException {
        Files.writeString(dataDirectory.resolve("postmaster.pid"), content);
    }
}
