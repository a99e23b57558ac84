package app.cloak.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Looks at the server process from outside: threads, open file descriptors and resident memory from
 * {@code /proc/<pid>}, and the Java heap in use right after a full GC through {@code jcmd <pid> GC.run}
 * then {@code GC.heap_info} (the live set, not whatever garbage happens to be waiting for collection).
 */
final class ServerProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    record Snapshot(long heapUsedAfterGcKb, long rssKb, int threads, int fds) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("heapUsedAfterGcKb", heapUsedAfterGcKb);
            m.put("rssKb", rssKb);
            m.put("threads", threads);
            m.put("fds", fds);
            return m;
        }

        String line() {
            return "heap after full GC %,d KiB, RSS %,d KiB, %d threads, %,d FDs".formatted(heapUsedAfterGcKb, rssKb, threads, fds);
        }
    }

    private final long pid;
    private final Path jcmd;

    ServerProbe(long pid) {
        this.pid = pid;
        Path home = Path.of(System.getProperty("java.home"));
        this.jcmd = home.resolve("bin/jcmd");
    }

    boolean available() {
        return pid > 0 && Files.isDirectory(Path.of("/proc/" + pid));
    }

    Snapshot snapshot() throws IOException, InterruptedException {
        jcmd("GC.run");
        Thread.sleep(300);
        jcmd("GC.run");
        long heap = parseHeapUsedKb(jcmd("GC.heap_info"));
        Map<String, String> status = procStatus();
        long rss = Long.parseLong(status.getOrDefault("VmRSS", "-1 kB").split("\\s+")[0]);
        int threads = Integer.parseInt(status.getOrDefault("Threads", "-1").trim());
        int fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) s.count();
        }
        return new Snapshot(heap, rss, threads, fds);
    }

    /** Peak resident memory of the process so far (VmHWM), in KiB. */
    long peakRssKb() throws IOException {
        return Long.parseLong(procStatus().getOrDefault("VmHWM", "-1 kB").split("\\s+")[0]);
    }

    /** The top {@code n} rows of {@code jcmd GC.class_histogram} (live objects by class, after a full GC). */
    String histogram(int n) throws IOException, InterruptedException {
        String[] lines = jcmd("GC.class_histogram").split("\n");
        StringBuilder sb = new StringBuilder();
        int rows = 0;
        for (String l : lines) {
            if (l.startsWith(Long.toString(pid) + ":")) continue;
            sb.append(l).append('\n');
            if (l.matches("\\s*\\d+:.*") && ++rows >= n) break;
        }
        return sb.toString();
    }

    /** The first {@code used NNNK} of {@code GC.heap_info}: the whole heap's (G1 prints regions and metaspace after it). */
    static long parseHeapUsedKb(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        if (!m.find()) throw new IllegalStateException("cannot read heap use from jcmd: " + heapInfo);
        return Long.parseLong(m.group(1));
    }

    private Map<String, String> procStatus() throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            int c = line.indexOf(':');
            if (c > 0) m.put(line.substring(0, c), line.substring(c + 1).trim());
        }
        return m;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("jcmd " + command + " failed: " + out);
        return out;
    }
}
