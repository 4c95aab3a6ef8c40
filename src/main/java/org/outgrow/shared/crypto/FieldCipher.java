package org.outgrow.shared.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts sensitive fields (second-factor secrets, queued mail) with Tink's AES-256-GCM. The
 * associated data binds a ciphertext to where it belongs, so a value copied to another row fails
 * to decrypt. The keyset comes from {@code OUTGROW_KEYSET} (JSON) or a file under the Outgrow
 * home, created on first start with owner-only permissions.
 */
@Component
public class FieldCipher {

    private static final Logger log = LoggerFactory.getLogger(FieldCipher.class);

    private final Aead aead;

    FieldCipher(@Value("${outgrow.keyset:}") String keysetJson, @Value("${outgrow.home}") Path home)
            throws GeneralSecurityException, IOException {
        Path file = home.resolve("keys").resolve("fields.json");
        boolean created = keysetJson.isBlank() && !Files.exists(file);
        KeysetHandle keyset = Keysets.load(keysetJson, file);
        if (created) {
            log.info("Created a new field-encryption keyset in {}; back it up with the database", file);
        }
        this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), ad(associatedData));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Encryption failed", e);
        }
    }

    public String decrypt(byte[] ciphertext, String associatedData) {
        try {
            return new String(aead.decrypt(ciphertext, ad(associatedData)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored value failed its integrity check and was not decrypted", e);
        }
    }

    private static byte[] ad(String associatedData) {
        return associatedData.getBytes(StandardCharsets.UTF_8);
    }
}
