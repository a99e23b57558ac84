package app.cloak.bench;

import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a phase cost, read around it: the server's CPU (user + system of its process, all threads, from
 * {@code /proc/<pid>/stat}), the load generator's own CPU, and the server's send-writer busy time (its Micrometer
 * timer {@code cloak.send.writer.busy}, read from {@code /actuator/metrics} when {@code bench/run.sh} exposes it).
 * Divided by the messages sent, these are figures that the machine's other load moves far less than throughput.
 */
final class CpuCost {
    record Snapshot(long nanos, long serverCpuMs, long ownCpuNanos, double writerBusySeconds, double writerCpuSeconds, double writerSends,
                    Map<String, Long> ownThreadsCpuMs) {}

    record Cost(long messages, double wallSeconds, long serverCpuMs, double ownCpuMs, double writerBusySeconds,
                double writerCpuSeconds, double writerSends) {
        double serverMsPerMessage() {
            return messages == 0 || serverCpuMs < 0 ? -1 : (double) serverCpuMs / messages;
        }

        double ownMsPerMessage() {
            return messages == 0 ? -1 : ownCpuMs / messages;
        }

        double writerMsPerSend() {
            return writerSends <= 0 || writerBusySeconds < 0 ? -1 : writerBusySeconds * 1000 / writerSends;
        }

        double writerCpuMsPerSend() {
            return writerSends <= 0 || writerCpuSeconds <= 0 ? -1 : writerCpuSeconds * 1000 / writerSends;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("messages", messages);
            m.put("wallSeconds", round(wallSeconds, 100));
            m.put("serverCpuMs", serverCpuMs);
            m.put("serverCpuUsPerMessage", round(serverMsPerMessage() * 1000, 10));
            m.put("loadGeneratorCpuMs", Math.round(ownCpuMs));
            m.put("loadGeneratorCpuUsPerMessage", round(ownMsPerMessage() * 1000, 10));
            m.put("writerBusySeconds", round(writerBusySeconds, 1000));
            m.put("writerSends", (long) writerSends);
            m.put("writerBusyUsPerSend", round(writerMsPerSend() * 1000, 10));
            m.put("writerCpuSeconds", round(writerCpuSeconds, 1000));
            m.put("writerCpuUsPerSend", round(writerCpuMsPerSend() * 1000, 10));
            return m;
        }

        String line() {
            String writer = writerMsPerSend() < 0 ? "writer busy n/a (no /actuator/metrics)"
                    : "writer busy %.1f µs/send (%.1f s over %,.0f sends, %.0f %% of the wall time)".formatted(writerMsPerSend() * 1000,
                    writerBusySeconds, writerSends, 100 * writerBusySeconds / wallSeconds)
                    + (writerCpuMsPerSend() < 0 ? "" : ", writer CPU %.1f µs/send".formatted(writerCpuMsPerSend() * 1000));
            return "CPU per message   server %.1f µs, load generator %.1f µs (%,d messages, %.1f s wall: the measured window and the drain); %s"
                    .formatted(serverMsPerMessage() * 1000, ownMsPerMessage() * 1000, messages, wallSeconds, writer);
        }
    }

    private final Main.Context ctx;

    CpuCost(Main.Context ctx) {
        this.ctx = ctx;
    }

    /**
     * Waits until the server's process used under {@code quietShare} of one core over a second (its work left over from
     * a phase, such as a relay backlog of search indexing, is done), or {@code max} has passed; false then.
     */
    static boolean awaitQuiet(Main.Context ctx, double quietShare, java.time.Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = ArchiveBench.cpuMillis(ctx.serverPid);
        if (last < 0) return true;               // no /proc: nothing to wait for
        while (System.nanoTime() < deadline) {
            Thread.sleep(1000);
            long now = ArchiveBench.cpuMillis(ctx.serverPid);
            if (now - last < quietShare * 1000) return true;
            last = now;
        }
        return false;
    }

    Snapshot snapshot() {
        long own = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
        return new Snapshot(System.nanoTime(), ArchiveBench.cpuMillis(ctx.serverPid), own,
                metric("cloak.send.writer.busy", "TOTAL_TIME"), metric("cloak.send.writer.cpu", "TOTAL_TIME"),
                metric("cloak.send.writer.sends", "COUNT"), threadsCpuMs());
    }

    /**
     * The load generator's CPU by thread name over a phase (JVM threads included: GC workers, compilers), largest first:
     * where its own cost per message goes. From /proc/self/task (10 ms resolution); empty where that is missing.
     */
    static String ownThreadsLine(Snapshot before, Snapshot after, int top) {
        Map<String, Long> delta = new HashMap<>();
        after.ownThreadsCpuMs().forEach((name, ms) -> {
            long d = ms - before.ownThreadsCpuMs().getOrDefault(name, 0L);
            if (d > 0) delta.put(name, d);
        });
        return delta.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
                .map(e -> e.getKey() + " " + e.getValue() + " ms").collect(java.util.stream.Collectors.joining(", "));
    }

    /** CPU (user + system) per thread name of this process, summed over threads of the same name with digits masked. */
    private static Map<String, Long> threadsCpuMs() {
        Map<String, Long> m = new HashMap<>();
        try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (var t : (Iterable<java.nio.file.Path>) tasks::iterator) {
                try {
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    m.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10, Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // no /proc
        }
        return m;
    }

    Cost between(Snapshot before, Snapshot now, long messages) {
        boolean writer = before.writerBusySeconds() >= 0 && now.writerBusySeconds() >= 0;
        return new Cost(messages, (now.nanos() - before.nanos()) / 1e9,
                before.serverCpuMs() < 0 || now.serverCpuMs() < 0 ? -1 : now.serverCpuMs() - before.serverCpuMs(),
                (now.ownCpuNanos() - before.ownCpuNanos()) / 1e6,
                writer ? now.writerBusySeconds() - before.writerBusySeconds() : -1,
                writer ? now.writerCpuSeconds() - before.writerCpuSeconds() : -1,
                writer ? now.writerSends() - before.writerSends() : -1);
    }

    /** One statistic of a server meter, or -1 when the metrics endpoint is not exposed or the meter is missing. */
    private double metric(String name, String statistic) {
        try {
            var r = ctx.api.http.send(HttpRequest.newBuilder(ctx.api.base.resolve("/actuator/metrics/" + name))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) return -1;
            for (JsonNode m : ctx.json.readTree(r.body()).path("measurements")) {
                if (statistic.equals(m.path("statistic").asString())) return m.path("value").asDouble();
            }
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private static double round(double v, int scale) {
        return Math.round(v * scale) / (double) scale;
    }
}
