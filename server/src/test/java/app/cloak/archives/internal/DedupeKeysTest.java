package app.cloak.archives.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.archives.internal.parse.Kind;
import app.cloak.archives.internal.parse.ParsedMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DedupeKeysTest {
    private static ParsedMessage message(int line, String author, String text) {
        return new ParsedMessage(line, LocalDateTime.of(2024, 2, 10, 10, 1), author, author == null ? null : author.toLowerCase(),
                author == null ? Kind.SYSTEM : Kind.TEXT, text, null, false, Map.of());
    }

    /** Keys are stored as the messages' external ids: a merge finds earlier imports' messages only if they never change. */
    @Test
    void theKeyIsTheHashOfTimeAuthorKindAndTextPlusTheOccurrence() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest("2024-02-10T10:01\u0000bob\u0000TEXT\u0000ok".getBytes(StandardCharsets.UTF_8));
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 18));
        DedupeKeys keys = new DedupeKeys();
        assertThat(keys.next(message(1, "Bob", "ok"))).isEqualTo("wa:" + hash + "#1");
        assertThat(keys.next(message(7, "Bob", "ok"))).isEqualTo("wa:" + hash + "#2");
        assertThat(keys.next(DedupeKeys.hash(message(9, "Bob", "ok"), DedupeKeys.sha256()))).isEqualTo("wa:" + hash + "#3");
        assertThat(keys.next(message(2, "Ann", "ok"))).isNotEqualTo("wa:" + hash + "#1").endsWith("#1");
        assertThat(new DedupeKeys().next(message(3, null, "Ann joined"))).endsWith("#1");
    }
}
