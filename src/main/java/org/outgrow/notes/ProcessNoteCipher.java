package org.outgrow.notes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import org.outgrow.shared.PracticeId;
import org.outgrow.shared.crypto.Keysets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Seals process notes with their own Tink AES-256-GCM keyset ({@code OUTGROW_PROCESS_NOTES_KEYSET},
 * or {@code keys/process-notes.json} under the Outgrow home), separate from the one for other
 * fields. The associated data binds each ciphertext to its practice, note and author: moved to
 * another row or claimed by someone else, it does not open.
 */
@Component
class ProcessNoteCipher {

    private final Aead aead;

    ProcessNoteCipher(@Value("${outgrow.process-notes.keyset:}") String keysetJson,
                      @Value("${outgrow.home}") Path home) throws GeneralSecurityException, IOException {
        this.aead = Keysets.load(keysetJson, keysetFile(home)).getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    static Path keysetFile(Path home) {
        return home.resolve("keys").resolve("process-notes.json");
    }

    byte[] seal(String text, PracticeId practice, UUID note, UUID author) {
        try {
            return aead.encrypt(text.getBytes(StandardCharsets.UTF_8), associated(practice, note, author));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Sealing failed", e);
        }
    }

    /**
     * The text, or empty when the ciphertext fails its authentication tag: changed in the database,
     * moved to another row, or sealed with a key this keyset does not hold. Never a guess at the text.
     */
    Optional<String> open(byte[] sealed, PracticeId practice, UUID note, UUID author) {
        try {
            return Optional.of(new String(aead.decrypt(sealed, associated(practice, note, author)),
                    StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    private static byte[] associated(PracticeId practice, UUID note, UUID author) {
        return ("process_note:" + practice.value() + ":" + note + ":" + author).getBytes(StandardCharsets.UTF_8);
    }
}
