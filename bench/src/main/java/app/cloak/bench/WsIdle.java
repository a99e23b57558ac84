package app.cloak.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Scenario 2: N users each open one WebSocket and hold it. Reports how many opened and stayed open, and what
 * they cost the server: heap in use after a full GC (jcmd GC.run, then GC.heap_info) after the sign-ups and
 * again with every socket open, divided by the open sockets; resident memory, threads and file descriptors likewise.
 */
final class WsIdle implements Main.Scenario {
    private int connections;
    private Duration hold;
    private int concurrency;
    private int sourceIps;
    private int clients;
    private Duration heartbeat;
    private int histogram;

    @Override
    public void configure(Options o) {
        connections = o.integer("connections", 1000);
        hold = o.duration("hold", Duration.ofSeconds(10));
        concurrency = o.integer("connect-concurrency", 100);
        sourceIps = o.integer("source-ips", 1);
        clients = o.integer("clients", 4);
        heartbeat = o.duration("heartbeat", Duration.ZERO);
        histogram = o.integer("histogram", 0);
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        ServerProbe probe = new ServerProbe(ctx.serverPid);
        if (!probe.available()) throw new IllegalStateException("ws-idle needs --server-pid of a local server (run.sh passes it)");
        List<Api.User> users = ctx.signUp(connections);
        ServerProbe.Snapshot before = probe.snapshot();
        Log.info("server before: %s", before.line());

        Map<String, Long> frameTypes = new java.util.concurrent.ConcurrentHashMap<>();
        WsConn.Handler handler = (c, f, now) -> frameTypes.merge(f.type(), 1L, Long::sum);
        WsFleet.Opened opened = WsFleet.open(ctx, users, handler, concurrency, sourceIps, clients);
        Thread beat = WsFleet.heartbeat(opened.conns(), heartbeat);
        Log.info("holding %,d sockets for %s", opened.conns().size(), hold);
        Thread.sleep(hold.toMillis());
        long stillOpen = opened.conns().stream().filter(WsConn::open).count();
        ServerProbe.Snapshot after = probe.snapshot();
        long stillOpenAfterProbe = opened.conns().stream().filter(WsConn::open).count();
        Log.info("server after:  %s", after.line());
        if (histogram > 0) System.out.println("server heap by class with the sockets open (jcmd GC.class_histogram):\n" + probe.histogram(histogram));
        if (beat != null) beat.interrupt();

        Map<String, Integer> closedReasons = new java.util.TreeMap<>();
        for (WsConn c : opened.conns()) if (!c.open()) closedReasons.merge(String.valueOf(c.closedBecause()), 1, Integer::sum);
        long n = Math.max(1, stillOpenAfterProbe);
        double heapPerConnKb = (after.heapUsedAfterGcKb() - before.heapUsedAfterGcKb()) / (double) n;
        double rssPerConnKb = (after.rssKb() - before.rssKb()) / (double) n;
        Latencies.Summary hs = opened.handshakes().summary();
        int clientFds = countFds(Path.of("/proc/self/fd"));

        Map<String, Object> server = new LinkedHashMap<>();
        server.put("before", before.json());
        server.put("after", after.json());
        server.put("heapPerConnectionKb", round(heapPerConnKb));
        server.put("rssPerConnectionKb", round(rssPerConnKb));
        server.put("threadsAdded", after.threads() - before.threads());
        server.put("fdsAdded", after.fds() - before.fds());
        report.put("attempted", opened.attempted()).put("opened", opened.conns().size()).put("failures", opened.failures())
                .put("openAfterHold", stillOpen).put("openAfterProbe", stillOpenAfterProbe).put("closedReasons", closedReasons)
                .put("holdS", hold.toSeconds()).put("connectSeconds", round(opened.seconds()))
                .put("connectsPerSecond", round(opened.conns().size() / opened.seconds())).put("handshake", hs.json())
                .put("server", server).put("clientFds", clientFds).put("framesReceived", frameTypes)
                .put("heartbeatS", heartbeat.toSeconds()).put("sourceIps", sourceIps);
        report.line("database          %s", ctx.db)
                .line("WebSockets        %,d attempted, %,d opened, %,d still open after %ds hold (and after the heap probe: %,d)",
                        opened.attempted(), opened.conns().size(), stillOpen, hold.toSeconds(), stillOpenAfterProbe)
                .line("failures          %s", opened.failures().isEmpty() ? "none" : opened.failures())
                .line("closed during hold %s", closedReasons.isEmpty() ? "none" : closedReasons)
                .line("connect           %.1f s total (%.0f/s), handshake %s", opened.seconds(), opened.conns().size() / opened.seconds(), hs.line())
                .line("server before     %s", before.line())
                .line("server after      %s", after.line())
                .line("per connection    heap %.1f KiB (live, after full GC), RSS %.1f KiB; +%d threads, +%,d FDs",
                        heapPerConnKb, rssPerConnKb, after.threads() - before.threads(), after.fds() - before.fds())
                .line("client            %,d FDs open in the load generator; frames received %s", clientFds, frameTypes);
        WsFleet.closeAll(opened.conns());
    }

    private static int countFds(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return (int) s.count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
