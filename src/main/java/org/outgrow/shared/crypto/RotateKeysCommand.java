package org.outgrow.shared.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code rotate-keys}: adds a new primary key to each keyset file under the Outgrow home (field
 * encryption and process notes) and keeps the old keys, so everything sealed before still opens
 * and everything sealed from the next start on uses the new key. Run it with the application
 * stopped; keysets given in the environment are rotated by whoever manages that environment.
 */
public final class RotateKeysCommand {

    private RotateKeysCommand() {
    }

    public static int run(List<String> arguments) {
        String configured = System.getenv("OUTGROW_HOME");
        Path home = configured == null || configured.isBlank()
                ? Path.of(System.getProperty("user.home"), ".outgrow") : Path.of(configured);
        if (arguments.size() == 2 && arguments.getFirst().equals("--home")) {
            home = Path.of(arguments.get(1));
        } else if (!arguments.isEmpty()) {
            System.err.println("Usage: rotate-keys [--home <directory>]");
            return 2;
        }
        int rotated = 0;
        for (String name : List.of("fields.json", "process-notes.json")) {
            Path file = home.resolve("keys").resolve(name);
            if (!Files.exists(file)) {
                continue;
            }
            try {
                int keys = Keysets.rotate(file);
                System.out.println(file + ": new primary key added, " + keys + " keys in the keyset");
                rotated++;
            } catch (Exception e) {
                System.err.println(file + ": not rotated (" + e.getClass().getSimpleName() + ")");
                return 1;
            }
        }
        if (rotated == 0) {
            System.err.println("No keyset files under " + home.resolve("keys"));
            return 1;
        }
        return 0;
    }
}
