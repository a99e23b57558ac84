package app.cloak.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

    @Test
    void aSecretIsCreatedOwnerOnlyAndThenReusedAsIs(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets/jwt-signing.key");
        AtomicInteger generated = new AtomicInteger();

        String first = SecretFiles.readOrCreate(file, () -> "value-" + generated.incrementAndGet());
        String second = SecretFiles.readOrCreate(file, () -> "value-" + generated.incrementAndGet());

        assertThat(first).isEqualTo("value-1");
        assertThat(second).isEqualTo(first);
        assertThat(generated.get()).as("generated once").isEqualTo(1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).as("no temp files left behind").containsExactly(file);
        }
    }

    @Test
    void anExistingFileIsReadStripped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("given.key");
        Files.writeString(file, "from-operator\n");

        assertThat(SecretFiles.readOrCreate(file, () -> { throw new AssertionError("must not generate"); }))
                .isEqualTo("from-operator");
    }
}
