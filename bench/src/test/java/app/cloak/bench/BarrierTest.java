package app.cloak.bench;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarrierTest {
    @TempDir
    Path dir;

    @Test
    void releasesNoPartyBeforeTheLastArrives() throws Exception {
        Barrier first = new Barrier(dir, 0, 2);
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                first.await("opened", Duration.ofSeconds(20));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(waiting.isDone());
        new Barrier(dir, 1, 2).await("opened", Duration.ofSeconds(20));
        waiting.get(5, TimeUnit.SECONDS);
        assertTrue(Files.exists(dir.resolve("opened.0")));
        assertTrue(Files.exists(dir.resolve("opened.1")));
    }

    @Test
    void aLonePartyTimesOutAndOtherNamesDoNotCount() throws Exception {
        IllegalStateException alone = assertThrows(IllegalStateException.class,
                () -> new Barrier(dir, 0, 2).await("opened", Duration.ofMillis(200)));
        assertTrue(alone.getMessage().contains("barrier opened: 1 of 2"), alone.getMessage());
        IllegalStateException otherName = assertThrows(IllegalStateException.class,
                () -> new Barrier(dir, 1, 2).await("probed", Duration.ofMillis(200)));
        assertTrue(otherName.getMessage().contains("barrier probed: 1 of 2"), otherName.getMessage());
    }

    @Test
    void onePartyIsANoOpAndPartiesAreChecked() {
        assertDoesNotThrow(() -> new Barrier(null, 0, 1).await("opened", Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(null, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Barrier(dir, 2, 2));
    }
}
