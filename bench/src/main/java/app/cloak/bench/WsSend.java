package app.cloak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 3: pairs of users, both on WebSockets, sending {@code message.send} into their direct chat at a total
 * rate R (open loop), alternating direction. Measures the ack ({@code message.sent}, durable) and send → the
 * other member's {@code message.new}. With {@code --find-max} it steps the rate up until it is no longer
 * sustained (ack or send → receive p99 ≥ 1 s, acks falling behind, or anything missing after the drain; see
 * {@link OpenLoop.Result#sustained}), then runs at 50 % of the highest sustained rate.
 */
final class WsSend implements Main.Scenario {
    private int pairs;
    private double rate;
    private Duration duration;
    private Duration warmup;
    private boolean findMax;
    private double startRate;
    private double step;
    private double maxRate;
    private Duration stepDuration;
    private Duration drain;
    private int textBytes;
    private int concurrency;
    private Duration heartbeat;
    private Duration settle;
    private Duration tick;
    private boolean ping;
    private CpuCost.Cost lastCost;

    @Override
    public void configure(Options o) {
        pairs = o.integer("pairs", 100);
        rate = o.number("rate", 500);
        duration = o.duration("duration", Duration.ofSeconds(20));
        warmup = o.duration("warmup", Duration.ofSeconds(5));
        findMax = o.flag("find-max");
        startRate = o.number("start-rate", 25);
        step = o.number("step", 1.5);
        maxRate = o.number("max-rate", 20_000);
        stepDuration = o.duration("step-duration", Duration.ofSeconds(10));
        drain = o.duration("drain", Duration.ofSeconds(5));
        textBytes = o.integer("text-bytes", 100);
        concurrency = o.integer("connect-concurrency", 100);
        heartbeat = o.duration("heartbeat", Duration.ZERO);
        tick = o.duration("tick", Duration.ofMillis(1));
        ping = o.flag("ping");
        settle = o.duration("settle", Duration.ofMillis(1000));
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        List<Api.User> users = ctx.signUp(pairs * 2);
        List<String> chats = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            int a = 2 * i, b = 2 * i + 1;
            chats.add(Api.retry(() -> ctx.api.directChat(users.get(a), users.get(b))));
        }
        Switch handler = new Switch();
        WsFleet.Opened fleet = WsFleet.open(ctx, users, handler, concurrency, 1, 1);
        if (fleet.failed() > 0) throw new IllegalStateException("not every WebSocket opened: " + fleet.failures());
        List<WsConn> conns = fleet.conns();
        Thread beat = WsFleet.heartbeat(conns, heartbeat);
        // let the server finish what the connects started (presence, device registration) before the clock starts
        Log.info("settling for %s", settle);
        Thread.sleep(settle.toMillis());
        String filler = Texts.filler(textBytes);
        // message k goes from connection k mod 2P into that pair's chat: the two members take turns.
        OpenLoop.Targets targets = k -> {
            WsConn from = conns.get(k % conns.size());
            return new OpenLoop.Target(from, chats.get(from.index / 2));
        };

        if (ping) report.put("ping", true);
        report.put("settleS", settle.toMillis() / 1000.0).put("pairs", pairs).put("connections", conns.size()).put("textBytes", textBytes);
        int phase = 0;
        if (findMax) {
            int[] next = {phase};
            FindMax.Outcome out = FindMax.search(startRate, step, maxRate,
                    r -> phase(++next[0], r, Duration.ofSeconds(3), stepDuration, conns.size(), handler, targets, ctx, filler));
            phase = next[0];
            report.put("findMaxSteps", out.steps()).put("maxSustainedRate", out.best()).put("firstFailedRate", out.failedAt());
            report.line("find-max          highest sustained rate %,.0f msg/s (×%.2f steps from %,.0f, %s each + 3 s warm-up; lowest failing rate %s)",
                    out.best(), step, startRate, stepDuration, out.failedAt() > 0 ? "%,.0f".formatted(out.failedAt()) : "none up to max-rate");
            if (out.best() <= 0) {
                report.line("no rate was sustained; nothing to run at 50 %%");
                return;
            }
            rate = Math.max(1, Math.round(out.best() / 2));
            report.line("then at 50 %% of it: %,.0f msg/s", rate);
        }
        OpenLoop.Result res = phase(++phase, rate, warmup, duration, conns.size(), handler, targets, ctx, filler);
        if (beat != null) beat.interrupt();
        report.put("rate", rate).put("result", res.json()).put("cost", lastCost.json());
        report.line("database          %s", ctx.db)
                .line("connections       %,d (%,d pairs, one direct chat each; members alternate sending)", conns.size(), pairs);
        for (String l : res.lines()) report.line("%s", l);
        report.line("%s", lastCost.line());
        WsFleet.closeAll(conns);
    }

    /** How long a phase waits, after its result is taken, for the server to work off what is still queued. */
    static final Duration QUIESCE = Duration.ofSeconds(120);

    private OpenLoop.Result phase(int phase, double r, Duration warm, Duration dur, int connections, Switch handler,
                                  OpenLoop.Targets targets, Main.Context ctx, String filler) throws InterruptedException {
        OpenLoop loop = new OpenLoop(phase, r, warm, dur, connections, ping ? 0 : 1, ping);
        handler.current = loop;
        Log.info("phase %d: %,.0f msg/s for %s (+%s warm-up)", phase, r, dur, warm);
        // The cost is read over the measured window (warm-up left out: the JIT compiles there), drain included.
        CpuCost cost = new CpuCost(ctx);
        CpuCost.Snapshot[] before = new CpuCost.Snapshot[1];
        Thread atWindow = Thread.ofVirtual().start(() -> {
            long wait = loop.measureFrom - System.nanoTime();
            if (wait > 0) java.util.concurrent.locks.LockSupport.parkNanos(wait);
            before[0] = cost.snapshot();
        });
        loop.drive(targets, ctx.json, filler, tick.toNanos());
        loop.drain(drain);
        OpenLoop.Result res = loop.result();
        Thread.sleep(1000);   // work the server does after the acks and deliveries (e.g. search indexing) counts too
        atWindow.join();
        CpuCost.Snapshot after = cost.snapshot();
        lastCost = cost.between(before[0], after, Math.max(0, res.measured() - res.missingAcks()));   // per message the server took
        Log.info("phase %d: %s", phase, lastCost.line());
        Log.info("phase %d: load generator CPU by thread: %s", phase, CpuCost.ownThreadsLine(before[0], after, 8));
        // An overloaded phase leaves sends queued in the server; the next phase (--find-max's run at 50 %) must not start
        // while the server still works them off, or it measures that backlog. The result above is already taken.
        // Its durable consumers (search indexing, push) may still be working off their share too: wait until the server idles.
        if (!loop.drain(QUIESCE)) Log.info("phase %d: the server still had a backlog after %s", phase, QUIESCE);
        else if (!CpuCost.awaitQuiet(ctx, 0.2, QUIESCE)) Log.info("phase %d: the server was still busy after %s", phase, QUIESCE);
        return res;
    }

    /** Routes frames to the phase in progress; frames of earlier phases find their tag does not match and are ignored. */
    static final class Switch implements WsConn.Handler {
        volatile WsConn.Handler current = (c, f, n) -> {};

        @Override
        public void onFrame(WsConn conn, Frames.Frame frame, long arrivedNanos) {
            current.onFrame(conn, frame, arrivedNanos);
        }
    }
}
