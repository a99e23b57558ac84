package app.cloak.bench;

import java.time.Duration;
import java.util.List;

/**
 * Scenario 4: one group of M members (default 256), every member on a WebSocket, S of them sending at a total
 * rate R (open loop). Reports deliveries/s ({@code message.new} frames received by members other than the sender)
 * and the send → delivery latency over every (message, recipient) pair, plus the sender's ack latency.
 */
final class WsGroup implements Main.Scenario {
    private int members;
    private int senders;
    private double rate;
    private Duration duration;
    private Duration warmup;
    private Duration drain;
    private int textBytes;
    private int concurrency;
    private Duration heartbeat;
    private Duration settle;
    private Duration tick;
    private boolean findMax;
    private double startRate;
    private double step;
    private double maxRate;
    private Duration stepDuration;

    @Override
    public void configure(Options o) {
        members = o.integer("members", 256);
        senders = o.integer("senders", 16);
        rate = o.number("rate", 5);
        duration = o.duration("duration", Duration.ofSeconds(20));
        warmup = o.duration("warmup", Duration.ofSeconds(5));
        drain = o.duration("drain", Duration.ofSeconds(10));
        textBytes = o.integer("text-bytes", 100);
        concurrency = o.integer("connect-concurrency", 100);
        heartbeat = o.duration("heartbeat", Duration.ZERO);
        tick = o.duration("tick", Duration.ofMillis(1));
        settle = o.duration("settle", Duration.ofMillis(20000));
        findMax = o.flag("find-max");
        startRate = o.number("start-rate", 2);
        step = o.number("step", 1.5);
        maxRate = o.number("max-rate", 1000);
        stepDuration = o.duration("step-duration", Duration.ofSeconds(10));
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        if (senders < 1 || senders > members) throw new IllegalArgumentException("--senders is 1 … --members");
        List<Api.User> users = ctx.signUp(members);
        String groupId = Api.retry(() -> ctx.api.group(users.getFirst(), "bench group", users));
        Log.info("group of %d members created", members);
        WsSend.Switch handler = new WsSend.Switch();
        WsFleet.Opened fleet = WsFleet.open(ctx, users, handler, concurrency, 1, 1);
        if (fleet.failed() > 0) throw new IllegalStateException("not every WebSocket opened: " + fleet.failures());
        List<WsConn> conns = fleet.conns();
        Thread beat = WsFleet.heartbeat(conns, heartbeat);
        // let the server finish what the connects started (presence, device registration) before the clock starts
        Log.info("settling for %s", settle);
        Thread.sleep(settle.toMillis());
        String filler = Texts.filler(textBytes);
        OpenLoop.Targets targets = k -> new OpenLoop.Target(conns.get(k % senders), groupId);
        int[] phase = {0};
        if (findMax) {
            FindMax.Outcome out = FindMax.search(startRate, step, maxRate,
                    r -> phase(++phase[0], r, Duration.ofSeconds(3), stepDuration, conns.size(), handler, targets, ctx, filler));
            report.put("findMaxSteps", out.steps()).put("maxSustainedRate", out.best()).put("firstFailedRate", out.failedAt())
                    .put("maxSustainedDeliveriesPerSecond", out.best() * (members - 1));
            report.line("find-max          highest sustained rate %,.0f msg/s = %,.0f deliveries/s (×%.2f steps from %,.0f, %s each; lowest failing rate %s)",
                    out.best(), out.best() * (members - 1), step, startRate, stepDuration,
                    out.failedAt() > 0 ? "%,.0f".formatted(out.failedAt()) : "none up to max-rate");
            if (out.best() <= 0) {
                report.line("no rate was sustained; nothing to run at 50 %%");
                return;
            }
            rate = Math.max(1, Math.round(out.best() / 2));
            report.line("then at 50 %% of it: %,.0f msg/s", rate);
        }
        OpenLoop.Result res = phase(++phase[0], rate, warmup, duration, conns.size(), handler, targets, ctx, filler);
        boolean drained = res.missingAcks() == 0 && res.missingDeliveries() == 0;
        if (beat != null) beat.interrupt();
        report.put("settleS", settle.toMillis() / 1000.0).put("members", members).put("senders", senders).put("rate", rate).put("drained", drained)
                .put("expectedDeliveriesPerSecond", rate * (members - 1)).put("result", res.json());
        report.line("database          %s", ctx.db)
                .line("group             %d members on WebSockets, %d of them sending; %,.0f deliveries/s expected", members, senders,
                        rate * (members - 1));
        for (String l : res.lines()) report.line("%s", l);
        WsFleet.closeAll(conns);
    }

    private OpenLoop.Result phase(int phase, double r, Duration warm, Duration dur, int connections, WsSend.Switch handler,
                                  OpenLoop.Targets targets, Main.Context ctx, String filler) throws InterruptedException {
        OpenLoop loop = new OpenLoop(phase, r, warm, dur, connections, members - 1);
        handler.current = loop;
        Log.info("phase %d: %d senders, %,.1f msg/s into the group for %s (+%s warm-up): %,.0f deliveries/s expected",
                phase, senders, r, dur, warm, r * (members - 1));
        loop.drive(targets, ctx.json, filler, tick.toNanos());
        loop.drain(drain);
        OpenLoop.Result res = loop.result();
        Thread.sleep(1000);
        return res;
    }
}
