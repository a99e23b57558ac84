package app.cloak.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Conversation reader: {@code archive-import} uploads a generated Android export ({@code --messages}, default 45,000)
 * through {@code POST /api/v1/archives} {@code --runs} times (a new archive each time) and reports the wall time of
 * each upload (parse + store + index: the clock stops when a word planted in the export's last message is found by
 * search; the server indexes an import inside its transaction, so this is normally the answer, but the bench does not
 * assume it). {@code archive-search} imports {@code --messages} (default 1,500,000) in uploads of {@code --batch}
 * (default 500,000) merged into one archive, then times {@code --queries} searches of each kind over it, interleaved:
 * a common word (one of the generator's vocabulary, each in about 7 % of messages), a rare word (one of
 * {@link #RARE}, planted in one message in {@value #RARE_EVERY}) and two common words; {@code --rounds} times
 * (default 1), each round reported apart. {@code --reuse} searches the archive an earlier run stored in the same data
 * directory ({@code bench/run.sh --data DIR}; the user is the same: the first phone number signs in again), importing
 * only the parts it lacks, if any.
 */
final class ArchiveBench implements Main.Scenario {
    private static final String[] AUTHORS = {"Nora Lind", "Tomás García", "+49 151 2345678", "Zoë", "Ana Lúcia", "Ben"};
    private static final String[] WORDS = ("the a to and of you I it is that in for on this we be are have with not was at so "
            + "but just what like can do get go if all will my me your know one out up about there time now then good "
            + "see think how when yes no ok okay tomorrow today tonight later morning evening train bus station coffee "
            + "dinner lunch weekend meeting photos trip mountain lake beach hike walk run bike rain sun snow cold warm "
            + "walrus kumquat zeppelin marmalade quokka 😂 👍 ❤️ 🙏 haha lol").split(" ");
    /** Invented words, one of them added to every {@value #RARE_EVERY}th message that has text (about 15 each in 1.5 M). */
    static final String[] RARE = {"quillback", "zorbing", "fennimore", "glimmerwick", "brackenfold", "sundial",
            "ptarmigan", "wombat", "gazpacho", "obelisk"};
    static final int RARE_EVERY = 9_973;
    private static final String[] COMMON = {"walrus", "kumquat", "zeppelin", "marmalade", "quokka", "coffee", "mountain",
            "station", "weekend", "photos"};
    private static final String[] PAIRS = {"coffee station", "mountain weekend", "walrus photos", "train tomorrow",
            "lunch beach", "dinner tonight", "kumquat rain", "hike morning", "zeppelin lake", "bike sun"};
    private static final DateTimeFormatter HEADER = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm");

    private final boolean search;
    private int messages;
    private int runs;
    private int batch;
    private int queries;
    private boolean reuse;
    private int rounds;

    ArchiveBench(boolean search) {
        this.search = search;
    }

    @Override
    public void configure(Options o) {
        messages = o.integer("messages", search ? 1_500_000 : 45_000);
        runs = o.integer("runs", 5);
        batch = o.integer("batch", 500_000);
        queries = o.integer("queries", 200);
        if (search) {
            reuse = o.flag("reuse");
            rounds = o.integer("rounds", 1);
        }
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        Api.User user = ctx.signUp(1).getFirst();
        Path dir = Files.createTempDirectory("cloak-archive-bench");
        try {
            if (search) searchRun(ctx, report, user, dir);
            else importRun(ctx, report, user, dir);
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private void importRun(Main.Context ctx, Report report, Api.User user, Path dir) throws Exception {
        Path export = dir.resolve("chat.txt");
        generate(export, messages, 0, 7);
        List<Long> millis = new ArrayList<>();
        List<Long> answered = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        importUntilSearchable(ctx, user, export, dir, 0); // warm-up: JIT, connection pool, first-use paths
        for (int i = 0; i < runs; i++) {
            long c0 = cpuMillis(ctx.serverPid);
            long[] ms = importUntilSearchable(ctx, user, export, dir, i + 1);
            long cpuMs = cpuMillis(ctx.serverPid) - c0;
            answered.add(ms[0]);
            millis.add(ms[1]);
            cpu.add(cpuMs);
            Log.info("import %d: %,d messages answered in %d ms, searchable after %d ms (server CPU %d ms)", i + 1, ms[2], ms[0], ms[1], cpuMs);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        List<Long> sortedAnswered = answered.stream().sorted().toList();
        List<Long> sortedCpu = cpu.stream().sorted().toList();
        report.put("messages", messages).put("bytes", Files.size(export)).put("runsMs", millis).put("medianMs", sorted.get(sorted.size() / 2))
                .put("answeredMs", answered).put("medianAnsweredMs", sortedAnswered.get(sortedAnswered.size() / 2))
                .put("serverCpuMs", cpu).put("medianServerCpuMs", sortedCpu.get(sortedCpu.size() / 2))
                .line("import            %,d messages (%,d bytes), %d runs after a warm-up, until the last message is found by search: "
                        + "median %d ms wall, min %d, max %d (%s)",
                        messages, Files.size(export), runs, sorted.get(sorted.size() / 2), sorted.getFirst(), sorted.getLast(), millis)
                .line("answer (201)      median %d ms (%s): the time to the answer itself", sortedAnswered.get(sortedAnswered.size() / 2), answered)
                .line("server CPU        median %d ms per import (user+system, all threads, until searchable; %s)", sortedCpu.get(sortedCpu.size() / 2), cpu);
    }

    /**
     * Uploads the export with one more message at its end carrying a word of its own, then searches for that word until
     * it is found: parse + store + index, whichever way the server indexes (since session 5 inside the import's
     * transaction; before, on the durable-event relay after the answer). Returns {ms to the 201, ms until searchable, messages inserted}.
     */
    private long[] importUntilSearchable(Main.Context ctx, Api.User user, Path export, Path dir, int n) throws Exception {
        String marker = "zqimportmark" + (char) ('a' + n % 26) + (char) ('a' + n / 26 % 26) + "end";
        Path file = dir.resolve("chat-" + n + ".txt");
        Files.copy(export, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(file, HEADER.format(LocalDateTime.of(2031, 1, 1, 9, 0)) + " - " + AUTHORS[0] + ": " + marker + "\n",
                StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        long t0 = System.nanoTime();
        JsonNode r = upload(ctx, user, file, null);
        long answer = (System.nanoTime() - t0) / 1_000_000;
        var req = HttpRequest.newBuilder(ctx.api.base.resolve("/api/v1/search?q=" + marker))
                .header("Authorization", "Bearer " + user.accessToken()).timeout(Duration.ofSeconds(60)).GET().build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            var s = ctx.api.http.send(req, HttpResponse.BodyHandlers.ofString());
            if (s.statusCode() != 200) throw new IllegalStateException("search answered " + s.statusCode() + ": " + s.body());
            if (!ctx.json.readTree(s.body()).path("hits").isEmpty()) break;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the import's last message was not searchable after 10 minutes");
            Thread.sleep(5);
        }
        long searchable = (System.nanoTime() - t0) / 1_000_000;
        Files.deleteIfExists(file);
        return new long[] {answer, searchable, r.path("report").path("inserted").asLong()};
    }

    private void searchRun(Main.Context ctx, Report report, Api.User user, Path dir) throws Exception {
        String archiveId = null;
        int held = 0;
        if (reuse) {
            JsonNode archives = ctx.json.readTree(ctx.api.http.send(HttpRequest.newBuilder(ctx.api.base.resolve("/api/v1/archives"))
                    .header("Authorization", "Bearer " + user.accessToken()).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                    .path("archives");
            if (!archives.isEmpty()) {
                archiveId = archives.get(0).path("archiveId").asString();
                held = archives.get(0).path("messages").asInt();
            }
            Log.info("--reuse: the archive stored by an earlier run holds %,d messages", held);
        }
        long t0 = System.nanoTime();
        int imported = 0;
        // A reused archive that holds fewer than --messages (an earlier run stopped) gets the missing parts. Parts are
        // counted to the nearest whole one: the import drops the odd generated duplicate, so a part may hold a few less.
        int partsHeld = (held + batch / 2) / batch;
        for (int done = partsHeld * batch, part = partsHeld; done < messages; done += batch, part++) {
            Path export = dir.resolve("part" + part + ".txt");
            int n = Math.min(batch, messages - done);
            generate(export, n, done, 11 + part);
            JsonNode r = upload(ctx, user, export, archiveId);
            archiveId = r.path("archiveId").asString();
            Files.delete(export);
            imported += n;
            Log.info("imported part %d: %,d messages (archive now %,d)", part, r.path("report").path("inserted").asInt(), done + n);
        }
        long importMs = (System.nanoTime() - t0) / 1_000_000;
        report.put("messages", held + imported).put("reused", held).put("imported", imported).put("importMs", importMs)
                .line("archive           %,d messages: %,d from an earlier run, %,d imported now in %,d ms", held + imported,
                        held, imported, importMs);
        String[][] kinds = {COMMON, RARE, PAIRS};
        String[] names = {"common word", "rare word", "two words"};
        String[] keys = {"common", "rare", "twoWords"};
        List<java.util.Map<String, Object>> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            List<List<Long>> micros = new ArrayList<>();
            long[] hits = new long[kinds.length];
            for (int k = 0; k < kinds.length; k++) micros.add(new ArrayList<>());
            for (int i = 0; i < queries + 20; i++) {
                for (int k = 0; k < kinds.length; k++) {
                    String q = kinds[k][i % kinds[k].length];
                    var req = HttpRequest.newBuilder(ctx.api.base.resolve("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                            .header("Authorization", "Bearer " + user.accessToken()).timeout(Duration.ofSeconds(60)).GET().build();
                    long s0 = System.nanoTime();
                    var r = ctx.api.http.send(req, HttpResponse.BodyHandlers.ofString());
                    long us = (System.nanoTime() - s0) / 1000;
                    if (r.statusCode() != 200) throw new IllegalStateException("search answered " + r.statusCode() + ": " + r.body());
                    if (i >= 20) { // the first 20 rounds of each run warm up
                        micros.get(k).add(us);
                        hits[k] += ctx.json.readTree(r.body()).path("hits").size();
                    }
                }
            }
            java.util.Map<String, Object> result = new java.util.LinkedHashMap<>();
            List<Long> all = new ArrayList<>();
            for (int k = 0; k < kinds.length; k++) {
                all.addAll(micros.get(k));
                long[] p = percentiles(micros.get(k));
                result.put(keys[k], java.util.Map.of("p50Us", p[0], "p95Us", p[1], "maxUs", p[2], "hits", hits[k]));
                report.line("run %d %-12s %d queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms (%.1f hits per query)",
                        round, names[k], queries, p[0] / 1000.0, p[1] / 1000.0, p[2] / 1000.0, hits[k] / (double) queries);
            }
            long[] p = percentiles(all);
            result.put("all", java.util.Map.of("p50Us", p[0], "p95Us", p[1], "maxUs", p[2]));
            result.put("loadavg", Main.loadAverage());
            report.line("run %d all          %d queries: p50 %.1f ms, p95 %.1f ms, max %.1f ms (load average %s)",
                    round, all.size(), p[0] / 1000.0, p[1] / 1000.0, p[2] / 1000.0, Main.loadAverage());
            results.add(result);
        }
        report.put("runs", results);
    }

    /** p50, p95 (nearest rank) and max. */
    static long[] percentiles(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return new long[] {sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1), sorted.getLast()};
    }

    /** user+system CPU of the server process so far (from /proc/PID/stat; 100 ticks a second on Linux). */
    static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private JsonNode upload(Main.Context ctx, Api.User user, Path file, String archiveId) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        byte[] head = ((archiveId == null ? "" : "--" + boundary + "\r\nContent-Disposition: form-data; name=\"archiveId\"\r\n\r\n" + archiveId + "\r\n")
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"WhatsApp Chat with Bench.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        var body = HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail));
        var req = HttpRequest.newBuilder(ctx.api.base.resolve("/api/v1/archives"))
                .header("Authorization", "Bearer " + user.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .timeout(Duration.ofMinutes(30)).POST(body).build();
        var r = ctx.api.http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201 && r.statusCode() != 200) throw new IllegalStateException("import answered " + r.statusCode() + ": " + r.body());
        return ctx.json.readTree(r.body());
    }

    /**
     * An invented Android (en-GB) export: 1-14 words per message, 8 % over two lines, 5 % media placeholders; one of the
     * {@link #RARE} words added to every {@value #RARE_EVERY}th message (if it has text).
     */
    static void generate(Path out, int count, int offset, long seed) throws IOException {
        var random = new SplittableRandom(seed);
        LocalDateTime time = LocalDateTime.of(2020, 1, 1, 8, 0).plusSeconds(offset * 90L);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < count; i++) {
                time = time.plusSeconds(1 + random.nextInt(179));
                line.setLength(0);
                line.append(HEADER.format(time)).append(" - ").append(AUTHORS[random.nextInt(AUTHORS.length)]).append(": ");
                int kind = random.nextInt(100);
                if (kind < 5) {
                    line.append("<Media omitted>");
                } else {
                    int words = 1 + random.nextInt(14);
                    for (int j = 0; j < words; j++) {
                        if (j > 0) line.append(kind < 13 && j == words / 2 ? '\n' : ' ');
                        line.append(WORDS[random.nextInt(WORDS.length)]);
                    }
                    long at = (long) offset + i; // by place in the whole archive, so batches plant the same words
                    if (at % RARE_EVERY == 0) line.append(' ').append(RARE[(int) (at / RARE_EVERY % RARE.length)]);
                }
                line.append('\n');
                w.write(line.toString());
            }
        }
    }

}
