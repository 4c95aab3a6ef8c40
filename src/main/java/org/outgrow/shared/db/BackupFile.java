package org.outgrow.shared.db;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The backup file: a ZIP holding one PostgreSQL COPY text file per table and, written last, a
 * manifest with the format version, the Outgrow and schema versions, and per table its row
 * count, content hash and the SHA-256 of its file. A file cut short has no manifest (nor ZIP
 * directory), so it cannot pass for a complete one; {@link #open} checks every table file
 * against the manifest before a restore touches any database.
 */
final class BackupFile implements AutoCloseable {

    static final String FORMAT = "outgrow-backup";
    static final int FORMAT_VERSION = 1;
    private static final String MANIFEST = "manifest.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Migration(String version, @Nullable Integer checksum, String script) {
    }

    record TableEntry(String name, List<String> columns, long rows, String md5, String sha256) {
    }

    record SequenceValue(String name, long value) {
    }

    /** {@code keyIds}: per keyset file under {@code keys/}, the ids of its keys (not secret) when backed up. */
    record Manifest(String format, int formatVersion, String appVersion, String createdAt, String postgresVersion,
                    String schemaVersion, List<Migration> migrations, List<TableEntry> tables,
                    List<SequenceValue> sequences, @Nullable Map<String, List<Integer>> keyIds) {
    }

    /** The file cannot be restored; the message says why and what to do. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    private final ZipFile zip;
    private final Manifest manifest;

    private BackupFile(ZipFile zip, Manifest manifest) {
        this.zip = zip;
        this.manifest = manifest;
    }

    Manifest manifest() {
        return manifest;
    }

    InputStream table(String name) throws IOException {
        return zip.getInputStream(zip.getEntry(entryName(name)));
    }

    static BackupFile open(Path file) throws Unusable, IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new Unusable("There is no file " + file + ".");
        } catch (ZipException e) {
            throw new Unusable(file + " is not a complete Outgrow backup (cut short or damaged: " + e.getMessage()
                    + "). Nothing was changed; restore from another copy.");
        }
        try {
            Manifest manifest = readManifest(zip, file);
            for (TableEntry table : manifest.tables()) {
                ZipEntry entry = zip.getEntry(entryName(table.name()));
                if (entry == null) {
                    throw new Unusable(file + " lacks the data of table " + table.name()
                            + ". Nothing was changed; restore from another copy.");
                }
                MessageDigest digest = sha256();
                try (InputStream in = new DigestInputStream(zip.getInputStream(entry), digest)) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (ZipException e) {
                    throw damaged(file, table.name());
                }
                if (!hex(digest.digest()).equals(table.sha256())) {
                    throw damaged(file, table.name());
                }
            }
            return new BackupFile(zip, manifest);
        } catch (Unusable | IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static Manifest readManifest(ZipFile zip, Path file) throws Unusable, IOException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw new Unusable(file + " is not an Outgrow backup (it has no " + MANIFEST + ").");
        }
        Manifest manifest;
        try (InputStream in = zip.getInputStream(entry)) {
            manifest = JSON.readValue(in, Manifest.class);
        } catch (JacksonException | ZipException e) {
            throw new Unusable(file + " has a damaged manifest. Nothing was changed; restore from another copy.");
        }
        if (!FORMAT.equals(manifest.format())) {
            throw new Unusable(file + " is not an Outgrow backup.");
        }
        if (manifest.formatVersion() > FORMAT_VERSION) {
            throw new Unusable(file + " was written by Outgrow " + manifest.appVersion() + " in backup format "
                    + manifest.formatVersion() + "; this Outgrow reads format " + FORMAT_VERSION
                    + ". Restore it with Outgrow " + manifest.appVersion() + " or newer.");
        }
        return manifest;
    }

    private static Unusable damaged(Path file, String table) {
        return new Unusable(file + " is damaged: the data of table " + table + " does not match its checksum."
                + " Nothing was changed; restore from another copy.");
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    private static String entryName(String table) {
        return "data/" + table + ".copy";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** Writes table files one after the other, then the manifest. */
    static final class Writer implements AutoCloseable {

        private final ZipOutputStream zip;
        private @Nullable MessageDigest digest;

        Writer(Path file) throws IOException {
            this.zip = new ZipOutputStream(Files.newOutputStream(file));
        }

        /** The stream for one table's COPY output; {@link #endTable} closes it and gives its SHA-256. */
        OutputStream beginTable(String name) throws IOException {
            zip.putNextEntry(new ZipEntry(entryName(name)));
            digest = sha256();
            return new DigestOutputStream(new FilterOutputStream(zip) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    out.write(bytes, offset, length);
                }

                @Override
                public void close() {
                    // the entry ends in endTable, the ZIP in close
                }
            }, digest);
        }

        String endTable() throws IOException {
            zip.closeEntry();
            return hex(java.util.Objects.requireNonNull(digest).digest());
        }

        void manifest(Manifest manifest) throws IOException {
            zip.putNextEntry(new ZipEntry(MANIFEST));
            zip.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
            zip.closeEntry();
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }
}
