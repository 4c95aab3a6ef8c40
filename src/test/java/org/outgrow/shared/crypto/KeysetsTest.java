package org.outgrow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotated keyset seals with its new key and still opens what the old key sealed. */
class KeysetsTest {

    @TempDir
    Path home;

    @Test
    void rotationKeepsOldCiphertextReadable() throws Exception {
        Path file = home.resolve("keys").resolve("process-notes.json");
        Aead before = Keysets.load("", file).getPrimitive(RegistryConfiguration.get(), Aead.class);
        byte[] sealed = before.encrypt("written before".getBytes(StandardCharsets.UTF_8), new byte[0]);

        assertThat(RotateKeysCommand.run(List.of("--home", home.toString()))).isZero();

        Aead after = Keysets.load("", file).getPrimitive(RegistryConfiguration.get(), Aead.class);
        assertThat(new String(after.decrypt(sealed, new byte[0]), StandardCharsets.UTF_8)).isEqualTo("written before");
        byte[] resealed = after.encrypt("written after".getBytes(StandardCharsets.UTF_8), new byte[0]);
        assertThat(Arrays.copyOf(resealed, 5)).as("a different key id in the Tink prefix")
                .isNotEqualTo(Arrays.copyOf(sealed, 5));
        assertThat(Files.readString(file)).contains("primaryKeyId");
    }
}
