package app.cloak.identity;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The SQLite file (and its write-ahead log) never holds a phone number in clear. */
class EncryptionAtRestTest extends ApiTestBase {

    private static byte[] databaseBytes() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String name : new String[] {"cloak.db", "cloak.db-wal"}) {
            Path file = dataDir().resolve(name);
            if (Files.exists(file)) all.write(Files.readAllBytes(file));
        }
        return all.toByteArray();
    }

    private static boolean contains(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (haystack[i + j] != n[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    @Test
    void phoneNumbersAreNotStoredInPlaintext() throws IOException {
        String marker = "Marker-" + UUID.randomUUID();
        Session s = signUp(marker);
        // Also exercise lookup and a second device: neither may leave the phone behind.
        s.api().post("/api/v1/contacts/lookup", Map.of("phones", java.util.List.of(s.phone())));
        signIn(s.phone(), null, "second");

        byte[] bytes = databaseBytes();

        // Control: the display name is not secret, so finding it proves we read the live data.
        assertThat(contains(bytes, marker)).as("display name found in the database files").isTrue();
        assertThat(contains(bytes, s.phone())).as("phone in clear").isFalse();
        assertThat(contains(bytes, s.phone().substring(1))).as("phone digits in clear").isFalse();
    }
}
