package org.outgrow.testing;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Keeps a copy of everything the test run prints, the application's log included, in the file
 * named by {@code outgrow.suite-output} (set for Surefire in pom.xml), so that {@code LogScanIT}
 * can look through the whole run for secrets and clinical text (checklist T28). Without the
 * property it does nothing.
 */
public final class SuiteOutput implements LauncherSessionListener {

    private OutputStream copy;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String file = System.getProperty("outgrow.suite-output", "");
        if (file.isBlank() || copy != null) {
            return;
        }
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.toAbsolutePath().getParent());
            copy = new FileOutputStream(path.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.setOut(new PrintStream(new Tee(System.out, copy), true));
        System.setErr(new PrintStream(new Tee(System.err, copy), true));
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        System.out.flush();
        System.err.flush();
    }

    private static final class Tee extends OutputStream {

        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws IOException {
            first.write(b);
            synchronized (second) {
                second.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            first.write(bytes, offset, length);
            synchronized (second) {
                second.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }
    }
}
