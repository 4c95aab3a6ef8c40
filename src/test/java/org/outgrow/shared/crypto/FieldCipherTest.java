package org.outgrow.shared.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checklist T31's nonce and tamper items for the application's AEAD (Tink AES-256-GCM, whose
 * ciphertext is a 5-byte prefix naming the key, a 12-byte nonce, the text and a 16-byte tag).
 */
class FieldCipherTest {

    private static final int PREFIX = 5;
    private static final int NONCE = 12;
    private static final int TAG = 16;

    @TempDir
    Path home;

    @Test
    void aHundredThousandSealsOfTheSameTextUseAHundredThousandNonces() throws Exception {
        FieldCipher cipher = new FieldCipher("", home);
        byte[] first = cipher.encrypt("the same text", "account.totp_secret:1");
        Set<ByteBuffer> nonces = new HashSet<>();
        Set<ByteBuffer> ciphertexts = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            byte[] sealed = cipher.encrypt("the same text", "account.totp_secret:1");
            assertThat(sealed).hasSize(PREFIX + NONCE + "the same text".length() + TAG);
            assertThat(Arrays.copyOf(sealed, PREFIX)).isEqualTo(Arrays.copyOf(first, PREFIX));
            nonces.add(ByteBuffer.wrap(Arrays.copyOfRange(sealed, PREFIX, PREFIX + NONCE)));
            ciphertexts.add(ByteBuffer.wrap(sealed));
        }
        assertThat(nonces).hasSize(100_000);
        assertThat(ciphertexts).hasSize(100_000);
    }

    @Test
    void aCiphertextWithAnyOneBitChangedOrMovedToAnotherFieldIsRefused() throws Exception {
        FieldCipher cipher = new FieldCipher("", home);
        byte[] sealed = cipher.encrypt("JBSWY3DPEHPK3PXP", "account.totp_secret:1");
        assertThat(cipher.decrypt(sealed, "account.totp_secret:1")).isEqualTo("JBSWY3DPEHPK3PXP");
        for (int position = 0; position < sealed.length; position++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] changed = sealed.clone();
                changed[position] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> cipher.decrypt(changed, "account.totp_secret:1"))
                        .as("byte %d bit %d", position, bit).isInstanceOf(IllegalStateException.class)
                        .hasMessage("A stored value failed its integrity check and was not decrypted");
            }
        }
        assertThatThrownBy(() -> cipher.decrypt(sealed, "account.totp_secret:2"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cipher.decrypt(Arrays.copyOf(sealed, sealed.length - 1), "account.totp_secret:1"))
                .isInstanceOf(IllegalStateException.class);
    }
}
