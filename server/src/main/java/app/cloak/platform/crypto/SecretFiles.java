package app.cloak.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/** Secrets generated on first start: written once, readable only by the owner (0600). */
public final class SecretFiles {
    private SecretFiles() {}

    public static String readOrCreate(Path file, Supplier<String> generator) {
        try {
            if (Files.exists(file)) return Files.readString(file, StandardCharsets.UTF_8).strip();
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, generator.get(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                Files.deleteIfExists(tmp);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create secret file " + file, e);
        }
    }
}
