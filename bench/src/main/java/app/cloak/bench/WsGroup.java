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

    @Override
    public void configure(Options o) {
        members = o.integer("members", 256);
        senders = o.integer("senders", 16);
        rate = o.number("rate", 20);
        duration = o.duration("duration", Duration.ofSeconds(20));
        warmup = o.duration("warmup", Duration.ofSeconds(5));
        drain = o.duration("drain", Duration.ofSeconds(10));
        textBytes = o.integer("text-bytes", 100);
        concurrency = o.integer("connect-concurrency", 100);
        heartbeat = o.duration("heartbeat", Duration.ofSeconds(30));
    }

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        if (senders < 1 || senders > members) throw new IllegalArgumentException("--senders is 1 … --members");
        List<Api.User> users = ctx.signUp(members);
        String groupId = Api.retry(() -> ctx.api.group(users.getFirst(), "bench group", users));
        Log.info("group of %d members created", members);
        WsSend.Switch handler = new WsSend.Switch();
        WsFleet.Opened fleet = WsFleet.open(ctx, users, handler, concurrency, 1, 4);
        if (fleet.failed() > 0) throw new IllegalStateException("not every WebSocket opened: " + fleet.failures());
        List<WsConn> conns = fleet.conns();
        Thread beat = WsFleet.heartbeat(conns, heartbeat);
        Thread.sleep(1000);
        String filler = Texts.filler(textBytes);
        OpenLoop loop = new OpenLoop(1, rate, warmup, duration, conns.size(), members - 1);
        handler.current = loop;
        Log.info("%d senders, %,.1f msg/s into the group for %s (+%s warm-up): expecting %,.0f deliveries/s",
                senders, rate, duration, warmup, rate * (members - 1));
        loop.drive(k -> new OpenLoop.Target(conns.get(k % senders), groupId), ctx.json, filler);
        boolean drained = loop.drain(drain);
        OpenLoop.Result res = loop.result();
        if (beat != null) beat.interrupt();
        report.put("members", members).put("senders", senders).put("rate", rate).put("drained", drained)
                .put("expectedDeliveriesPerSecond", rate * (members - 1)).put("result", res.json());
        report.line("database          %s", ctx.db)
                .line("group             %d members on WebSockets, %d of them sending; %,.0f deliveries/s expected", members, senders,
                        rate * (members - 1));
        for (String l : res.lines()) report.line("%s", l);
        WsFleet.closeAll(conns);
    }
}
