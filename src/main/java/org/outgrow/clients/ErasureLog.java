package org.outgrow.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.outgrow.shared.PracticeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Every erasure, outside the database, so that a backup restored from before it does not bring
 * the client back: at each start the application replays this file. One line per step, ids only
 * (no name, no address), written and forced to disk before the step commits. Keep it with the
 * keys, not with the backups; on several nodes put it on storage they share.
 */
@Component
class ErasureLog {

    enum Step { RESTRICT, DELETE }

    record Entry(Instant at, Step step, PracticeId practice, UUID client, @Nullable LocalDate retainUntil) {

        String line() {
            return at + "\t" + step + "\t" + practice.value() + "\t" + client + "\t"
                    + (retainUntil == null ? "-" : retainUntil.toString()) + "\n";
        }

        static Entry parse(String line) {
            String[] fields = line.split("\t");
            if (fields.length != 5) {
                throw new IllegalArgumentException("expected 5 fields, found " + fields.length);
            }
            return new Entry(Instant.parse(fields[0]), Step.valueOf(fields[1]), PracticeId.of(fields[2]),
                    UUID.fromString(fields[3]), fields[4].equals("-") ? null : LocalDate.parse(fields[4]));
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ErasureLog.class);

    private final Path file;

    ErasureLog(@Value("${outgrow.erasure-log:${outgrow.home}/erasure.log}") Path file) {
        this.file = file;
    }

    synchronized void append(Entry entry) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 var lock = channel.lock()) { // other nodes append to the same file on shared storage
                channel.write(ByteBuffer.wrap(entry.line().getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The erasure log " + file + " cannot be written", e);
        }
    }

    /** The steps in the order they were taken; a line cut short by a crash is skipped and reported. */
    List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                try {
                    entries.add(Entry.parse(lines.get(i)));
                } catch (RuntimeException unreadable) {
                    log.warn("Line {} of the erasure log {} is unreadable and skipped ({})", i + 1, file,
                            unreadable.getClass().getSimpleName());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The erasure log " + file + " cannot be read", e);
        }
        return entries;
    }

    Path file() {
        return file;
    }
}
