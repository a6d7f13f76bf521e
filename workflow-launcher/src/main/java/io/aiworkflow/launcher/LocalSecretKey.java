package io.aiworkflow.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that encrypts stored model and plugin secrets, when {@code WORKFLOW_SECRET_KEY} is not
 * given: 256 random bits made on the first start and kept beside the data ({@code secret-key},
 * readable by its owner only), so a single-server install is safe without configuration. Servers
 * sharing a database must share the key: give them {@code WORKFLOW_SECRET_KEY}.
 */
final class LocalSecretKey {

    static final String FILE = "secret-key";

    private LocalSecretKey() {}

    static String readOrCreate(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
                System.out.println("[launcher] created the secret key in " + file + "; back it up with the data");
            } catch (FileAlreadyExistsException another) {
                // another launcher made it first: use theirs
            }
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
