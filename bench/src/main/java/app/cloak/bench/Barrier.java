package app.cloak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * A barrier between load-generator processes on one machine (run.sh {@code --nodes N} starts one per node: a process
 * can hold at most its descriptor limit of sockets): each party creates {@code <dir>/<name>.<party>} and waits until
 * all {@code parties} files of that name exist. One party is a no-op.
 */
final class Barrier {
    private final Path dir;
    private final int party;
    private final int parties;

    Barrier(Path dir, int party, int parties) {
        if (parties < 1 || party < 0 || party >= parties) throw new IllegalArgumentException("party " + party + " of " + parties);
        if (parties > 1 && dir == null) throw new IllegalArgumentException("--barrier-dir is required with --parties > 1");
        this.dir = dir;
        this.party = party;
        this.parties = parties;
    }

    int party() {
        return party;
    }

    int parties() {
        return parties;
    }

    /** Arrives at barrier {@code name} and waits for the other parties; throws after {@code timeout}. */
    void await(String name, Duration timeout) throws IOException, InterruptedException {
        if (parties == 1) return;
        Files.createDirectories(dir);
        Path mine = dir.resolve(name + "." + party);
        if (!Files.exists(mine)) Files.createFile(mine);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean said = false;
        while (arrived(name) < parties) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("barrier " + name + ": " + arrived(name) + " of " + parties + " parties after " + timeout);
            }
            if (!said) {
                Log.info("waiting at barrier %s for the other load generators", name);
                said = true;
            }
            Thread.sleep(100);
        }
    }

    private long arrived(String name) throws IOException {
        String prefix = name + ".";
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).count();
        }
    }
}
