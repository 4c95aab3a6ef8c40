package org.outgrow.shared.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;

/**
 * Tink AES-256-GCM keysets, from the environment (JSON) or from a file under the Outgrow home that
 * is created on first use, readable by its owner only. Rotation adds a new primary key and keeps
 * the old ones, so everything written before stays readable.
 */
public final class Keysets {

    private Keysets() {
    }

    /** The keyset given as JSON, or else the one in the file (created when missing). */
    public static KeysetHandle load(String json, Path file) throws GeneralSecurityException, IOException {
        AeadConfig.register();
        if (!json.isBlank()) {
            return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        }
        if (Files.exists(file)) {
            return read(file);
        }
        KeysetHandle keyset = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        write(keyset, file);
        return keyset;
    }

    /** Adds a new primary key to the keyset in the file; returns how many keys it now holds. */
    public static int rotate(Path file) throws GeneralSecurityException, IOException {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(read(file));
        builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                .withRandomId().makePrimary());
        KeysetHandle rotated = builder.build();
        write(rotated, file);
        return rotated.size();
    }

    /**
     * The ids of the keys in a keyset file (none when there is no file). Ids are not secret; a
     * backup records them so a restore can tell whether the home it restores into can open what
     * was sealed.
     */
    public static java.util.List<Integer> keyIds(Path file) throws GeneralSecurityException, IOException {
        if (!Files.exists(file)) {
            return java.util.List.of();
        }
        KeysetHandle keyset = read(file);
        return java.util.stream.IntStream.range(0, keyset.size()).mapToObj(i -> keyset.getAt(i).getId()).toList();
    }

    private static KeysetHandle read(Path file) throws GeneralSecurityException, IOException {
        AeadConfig.register();
        return TinkJsonProtoKeysetFormat.parseKeyset(Files.readString(file), InsecureSecretKeyAccess.get());
    }

    /** Written beside the target and moved into place, so a crash never leaves half a keyset. */
    private static void write(KeysetHandle keyset, Path file) throws GeneralSecurityException, IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.writeString(temporary, TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get()));
        try {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
