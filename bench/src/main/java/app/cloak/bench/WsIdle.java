package app.cloak.bench;

import java.net.URI;
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
    private Barrier barrier;
    private String peerServer;

    @Override
    public void configure(Options o) {
        connections = o.integer("connections", 1000);
        hold = o.duration("hold", Duration.ofSeconds(10));
        concurrency = o.integer("connect-concurrency", 100);
        sourceIps = o.integer("source-ips", 1);
        clients = o.integer("clients", 4);
        heartbeat = o.duration("heartbeat", Duration.ZERO);
        histogram = o.integer("histogram", 0);
        String dir = o.string("barrier-dir", null);
        barrier = new Barrier(dir == null ? null : Path.of(dir), o.integer("party", 0), o.integer("parties", 1));
        peerServer = o.string("peer-server", null);
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
        // Several load generators (one per node): every party holds its sockets until all have opened theirs and
        // been probed, so the sockets counted below were all open at once, on every node.
        barrier.await("opened", BARRIER_TIMEOUT);
        CrossNode cross = null;
        String crossFailure = null;
        if (peerServer != null) {
            try {
                cross = crossNode(ctx, URI.create(peerServer));
            } catch (Exception e) {   // reported, not fatal: the other parties are holding their sockets for this run
                crossFailure = WsFleet.reason(e);
                Log.info("across nodes: the check failed: %s", crossFailure);
            }
        }
        Log.info("holding %,d sockets for %s", opened.conns().size(), hold);
        Thread.sleep(hold.toMillis());
        long stillOpen = opened.conns().stream().filter(WsConn::open).count();
        ServerProbe.Snapshot after = probe.snapshot();
        long stillOpenAfterProbe = opened.conns().stream().filter(WsConn::open).count();
        Log.info("server after:  %s", after.line());
        if (histogram > 0) System.out.println("server heap by class with the sockets open (jcmd GC.class_histogram):\n" + probe.histogram(histogram));
        barrier.await("probed", BARRIER_TIMEOUT);
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
                .line("per connection    heap %.1f KiB (live, after full GC), RSS %.1f KiB; %+d threads, %+,d FDs",
                        heapPerConnKb, rssPerConnKb, after.threads() - before.threads(), after.fds() - before.fds())
                .line("client            %,d FDs open in the load generator; frames received %s", clientFds, frameTypes);
        if (barrier.parties() > 1) {
            report.put("party", barrier.party()).put("parties", barrier.parties())
                    .line("load generators   this one is %d of %d (one per node); all held their sockets until every one had probed its node",
                            barrier.party() + 1, barrier.parties());
        }
        if (cross != null) {
            report.put("crossNode", cross.json())
                    .line("across nodes      %s", cross.line());
        } else if (crossFailure != null) {
            report.put("crossNodeFailure", crossFailure)
                    .line("across nodes      the check failed: %s", crossFailure);
        }
        WsFleet.closeAll(opened.conns());
    }

    /** How long a party waits for the others at a barrier: their sign-ups and handshakes may take longer than its own. */
    private static final Duration BARRIER_TIMEOUT = Duration.ofMinutes(20);
    private static final int CROSS_MESSAGES = 20;

    /** One message of the cross-node check: when it was sent, acknowledged and received (0: not). */
    record Crossing(int index, long sentNanos, long ackedNanos, long receivedNanos) {
        String line() {
            return "message %d: ack %s, message.new %s".formatted(index, after(ackedNanos), after(receivedNanos));
        }

        private String after(long at) {
            return at == 0 ? "never" : "after %.0f ms".formatted((at - sentNanos) / 1e6);
        }
    }

    record CrossNode(String peer, int sent, int delivered, int late, Latencies.Summary latency, List<String> notInTime) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("peer", peer);
            m.put("sent", sent);
            m.put("delivered", delivered);
            m.put("deliveredLate", late);
            m.put("sendToReceive", latency.json());
            m.put("notInTime", notInTime);
            return m;
        }

        String line() {
            return "%d of %d messages from a user on this node reached a user on %s within %d s (send → message.new %s)%s"
                    .formatted(delivered, sent, peer, CROSS_WAIT.toSeconds(), latency.line(),
                            notInTime.isEmpty() ? "" : "; not in time: " + notInTime + " (" + late + " arrived later)");
        }
    }

    private static final Duration CROSS_WAIT = Duration.ofSeconds(10);

    /**
     * With every socket of every node open: two more users (phones after this party's), a direct chat between them, the
     * sender's socket on this node and the recipient's on the peer node; {@value #CROSS_MESSAGES} messages one at a time,
     * each waiting (up to {@link #CROSS_WAIT}) for the recipient's {@code message.new}: the cluster delivers across nodes
     * under the load. A message that does not arrive in time is reported (with its ack and, if it came within a last
     * wait, its arrival), and the next one is sent.
     */
    private CrossNode crossNode(Main.Context ctx, URI peer) throws Exception {
        List<Api.User> two = ctx.api.signUpAll(ctx.sms, 2, 2, ctx.phoneBase + connections);
        Api.User sender = two.get(0);
        Api.User recipient = two.get(1);
        String chatId = ctx.api.directChat(sender, recipient);
        String prefix = "across " + barrier.party() + "-";
        long[] sentAt = new long[CROSS_MESSAGES];
        java.util.concurrent.atomic.AtomicLongArray acked = new java.util.concurrent.atomic.AtomicLongArray(CROSS_MESSAGES);
        java.util.concurrent.atomic.AtomicLongArray received = new java.util.concurrent.atomic.AtomicLongArray(CROSS_MESSAGES);
        WsConn.Handler onSender = (c, f, now) -> {
            if ("message.sent".equals(f.type()) && f.clientMsgId() != null && f.clientMsgId().startsWith("x")) {
                acked.compareAndSet(Integer.parseInt(f.clientMsgId().substring(f.clientMsgId().indexOf('-') + 1)), 0, now);
            }
        };
        WsConn.Handler onRecipient = (c, f, now) -> {
            if ("message.new".equals(f.type()) && f.text() != null && f.text().startsWith(prefix)) {
                received.compareAndSet(Integer.parseInt(f.text().substring(prefix.length())), 0, now);
            }
        };
        var loops = WsFleet.eventLoops(clients);
        var local = java.net.InetAddress.getLoopbackAddress();
        WsConn from = WsFleet.connect(loops, ctx.wsUri(sender), local, sender, -1, onSender, Duration.ofSeconds(30))
                .opened().get(30, java.util.concurrent.TimeUnit.SECONDS);
        // "?cursor=" (from the beginning): the server replays before it goes live, so no message falls between the
        // handshake and the node's subscription for the device (as a real client resumes)
        URI toUri = URI.create(Main.Context.wsUri(peer, recipient) + "&cursor=");
        WsConn to = WsFleet.connect(loops, toUri, local, recipient, -2, onRecipient, Duration.ofSeconds(30))
                .opened().get(30, java.util.concurrent.TimeUnit.SECONDS);
        Latencies latency = new Latencies(CROSS_MESSAGES);
        int delivered = 0;
        List<Integer> missed = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < CROSS_MESSAGES; i++) {
                sentAt[i] = System.nanoTime();
                from.send(Frames.send(ctx.json, chatId, "x" + barrier.party() + "-" + i, prefix + i));
                long deadline = sentAt[i] + CROSS_WAIT.toNanos();
                while (received.get(i) == 0 && System.nanoTime() < deadline) Thread.sleep(1);
                if (received.get(i) != 0 && received.get(i) - sentAt[i] <= CROSS_WAIT.toNanos()) {
                    delivered++;
                    latency.record(received.get(i) - sentAt[i]);
                } else {
                    missed.add(i);
                }
            }
            if (!missed.isEmpty()) Thread.sleep(CROSS_WAIT.toMillis());   // a last chance for the ones that did not come in time
        } finally {
            from.close();
            to.close();
        }
        List<String> notInTime = new java.util.ArrayList<>();
        int late = 0;
        for (int i : missed) {
            if (received.get(i) != 0) late++;
            notInTime.add(new Crossing(i, sentAt[i], acked.get(i), received.get(i)).line());
        }
        CrossNode result = new CrossNode(peer.toString(), CROSS_MESSAGES, delivered, late, latency.summary(), notInTime);
        Log.info("across nodes: %s", result.line());
        return result;
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
