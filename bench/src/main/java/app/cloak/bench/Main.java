package app.cloak.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cloak load generator. Normally started by {@code bench/run.sh}, which starts the server first; see BENCHMARKS.md.
 *
 * <pre>
 * java -jar cloak-bench.jar SCENARIO --server http://127.0.0.1:PORT --sms-port PORT [--server-pid PID] [options]
 * java -jar cloak-bench.jar free-ports N
 * </pre>
 */
public final class Main {
    static final Set<String> FLAGS = Set.of("find-max", "help", "reuse", "ping");

    private Main() {}

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, FLAGS);
        if (o.positional().isEmpty() || o.flag("help")) {
            System.err.println(usage());
            System.exit(o.flag("help") ? 0 : 2);
        }
        String scenario = o.positional().getFirst();
        if (scenario.equals("free-ports")) {
            freePorts(o.positional().size() > 1 ? Integer.parseInt(o.positional().get(1)) : 1);
            return;
        }
        if (scenario.equals("s3-server")) { // not a scenario: run.sh --s3 starts it in the background
            var a = o.positional();
            if (a.size() != 5) throw new IllegalArgumentException("s3-server PORT DIR ACCESS SECRET");
            S3Server.run(a.get(1), a.get(2), a.get(3), a.get(4));
            return;
        }
        if (scenario.equals("nats-drop")) { // not a scenario: run.sh --nodes N drops its run's stream when it ends
            var a = o.positional();
            if (a.size() != 3) throw new IllegalArgumentException("nats-drop NATS_URL NAMESPACE");
            dropStream(a.get(1), a.get(2));
            return;
        }
        Context ctx = new Context(o);
        Scenario s = switch (scenario) {
            case "rest-send" -> new RestSend();
            case "ws-idle" -> new WsIdle();
            case "ws-send" -> new WsSend();
            case "ws-group" -> new WsGroup();
            case "media-upload" -> new MediaUpload();
            case "archive-import" -> new ArchiveBench(false);
            case "archive-search" -> new ArchiveBench(true);
            default -> {
                System.err.println("unknown scenario " + scenario + "\n" + usage());
                System.exit(2);
                yield null;
            }
        };
        s.configure(o);
        List<String> unused = o.unused();
        if (!unused.isEmpty()) {
            System.err.println("unknown option(s) for " + scenario + ": " + unused + "\n" + usage());
            System.exit(2);
        }
        int status = 0;
        try (SmsGateway sms = new SmsGateway(ctx.smsPort, ctx.json)) {
            ctx.sms = sms;
            Log.info("waiting for %s to be healthy", ctx.api.base);
            ctx.api.awaitHealthy(Duration.ofSeconds(300));   // a loaded 2-core machine has taken over 2 min to start the server
            Report report = new Report(scenario);
            report.put("db", ctx.db).put("note", ctx.note).put("cores", Runtime.getRuntime().availableProcessors());
            String loadBefore = loadAverage();
            s.run(ctx, report);
            String loadAfter = loadAverage();
            report.put("loadavgBefore", loadBefore).put("loadavgAfter", loadAfter)
                    .line("machine           %d cores shared by server, load generator%s and other work; load average %s before, %s after",
                            Runtime.getRuntime().availableProcessors(), ctx.db.equals("postgres") ? ", PostgreSQL" : "", loadBefore, loadAfter);
            report.print(ctx.json, ctx.jsonOut);
        } catch (Exception e) {
            System.err.println(scenario + " failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        // HTTP client and WebSocket threads must not keep the JVM alive
        System.exit(status);
    }

    /** Everything a scenario shares: the API client, the SMS stand-in, the server's pid for probing. */
    static final class Context {
        final ObjectMapper json = JsonMapper.builder().build();
        final Api api;
        final int smsPort;
        final long serverPid;
        final String db;
        final String note;
        final String jsonOut;
        final int signupConcurrency;
        final int phoneBase;
        SmsGateway sms;

        Context(Options o) {
            String server = o.string("server", null);
            if (server == null) throw new IllegalArgumentException("--server URL is required (bench/run.sh passes it)");
            api = new Api(URI.create(server), json);
            smsPort = o.integer("sms-port", 0);
            serverPid = Long.parseLong(o.string("server-pid", "0"));
            db = o.string("db", "sqlite");
            note = o.string("note", "");
            jsonOut = o.string("json-out", null);
            signupConcurrency = o.integer("signup-concurrency", 16);
            phoneBase = o.integer("phone-base", 0);
        }

        List<Api.User> signUp(int n) throws Exception {
            return api.signUpAll(sms, n, signupConcurrency, phoneBase);
        }

        URI wsUri(Api.User u) {
            return wsUri(api.base, u);
        }

        /** The WebSocket address of the server at {@code base} (another node of the cluster, say) for {@code u}. */
        static URI wsUri(URI base, Api.User u) {
            String http = base.toString();
            String ws = http.startsWith("https") ? "wss" + http.substring(5) : "ws" + http.substring(4);
            return URI.create(ws.replaceAll("/$", "") + "/ws?access_token=" + u.accessToken());
        }
    }

    interface Scenario {
        void configure(Options o);

        void run(Context ctx, Report report) throws Exception;
    }

    /** 1-minute load average from /proc/loadavg: the machine is shared, so say how busy it was. */
    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    /** Deletes the JetStream stream of a cluster namespace ({@code <NAMESPACE>_EVENTS}, as the server names it), if any. */
    private static void dropStream(String url, String namespace) throws Exception {
        String stream = namespace.toUpperCase(java.util.Locale.ROOT) + "_EVENTS";
        try (io.nats.client.Connection nats = io.nats.client.Nats.connect(url)) {
            boolean deleted = nats.jetStreamManagement().deleteStream(stream);
            System.err.println((deleted ? "deleted" : "could not delete") + " JetStream stream " + stream);
        } catch (io.nats.client.JetStreamApiException e) {
            System.err.println("JetStream stream " + stream + ": " + e.getMessage());
        }
    }

    /**
     * Prints {@code n} ports free now, below the kernel's ephemeral range: a port from that range, free when chosen, can
     * be taken by any outgoing connection before a server binds it (a run opens tens of thousands, and run.sh starts
     * the later nodes of a cluster only once the first is up).
     */
    private static void freePorts(int n) throws Exception {
        int ephemeralLow = ephemeralLow();
        if (ephemeralLow < 10_100) {
            throw new IllegalStateException("the ephemeral port range starts at " + ephemeralLow + ": no room below it for the servers' ports");
        }
        System.out.println(String.join(" ", freePorts(n, 10_000, ephemeralLow).stream().map(String::valueOf).toList()));
    }

    /** {@code n} ports of {@code [low, high)} that could be bound now, from a random place in it on. */
    static List<Integer> freePorts(int n, int low, int high) throws Exception {
        List<Integer> ports = new ArrayList<>();
        int start = low + java.util.concurrent.ThreadLocalRandom.current().nextInt(high - low);
        for (int k = 0; k < high - low && ports.size() < n; k++) {
            int port = low + (start - low + k) % (high - low);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1);
                ports.add(port);
            } catch (java.io.IOException taken) {
                // in use: try the next
            }
        }
        if (ports.size() < n) throw new IllegalStateException("only " + ports.size() + " free ports between " + low + " and " + high);
        return ports;
    }

    /** The low end of {@code /proc/sys/net/ipv4/ip_local_port_range} (32768 when it cannot be read). */
    private static int ephemeralLow() {
        try {
            // readAllLines, not readString: readString trusts the file's size, which /proc gives as 0 (it read "3")
            return Integer.parseInt(java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .getFirst().trim().split("\\s+")[0]);
        } catch (Exception e) {
            return 32768;
        }
    }

    static String usage() {
        return """
                usage: bench/run.sh SCENARIO [--db sqlite|postgres] [options]
                scenarios and their options (defaults in brackets):
                  rest-send  --senders 32 --duration 20s --warmup 5s --text-bytes 100
                  ws-idle    --connections 1000 --hold 10s --connect-concurrency 100 --source-ips 1 --clients 4 (event-loop threads) --histogram 0
                  ws-send    --pairs 100 --rate 500 --duration 20s --warmup 5s --drain 5s --text-bytes 100
                             [--find-max --start-rate 25 --step 1.5 --max-rate 20000 --step-duration 10s]
                  ws-group   --members 256 --senders 16 --rate 5 --duration 20s --warmup 5s --drain 10s --text-bytes 100
                             [--find-max --start-rate 2 --step 1.5 --max-rate 1000 --step-duration 10s]
                  media-upload --kind pdf|jpeg --mib 1 (pdf) --megapixels 12 (jpeg) --uploads 20 --warmup-uploads 3 --concurrency 1
                  archive-import --messages 45000 --runs 5   (POST /api/v1/archives of a generated export; wall time per upload)
                  archive-search --messages 1500000 --batch 500000 --queries 200 --rounds 1 [--reuse]   (import, then
                             searches: common word, rare word, two words, --queries of each per round; --reuse: search
                             the archive an earlier run stored with the same run.sh --data DIR, importing only the parts
                             it lacks)
                  ws-*: --heartbeat 0 (application-level ping interval; 0 = none: the server pings, the client pongs)
                        --settle 1s (ws-send) / 20s (ws-group): wait after the sockets open, before the first message
                  ws-send --ping: application-level pings instead of messages, the pong as the ack (the load generator's
                        own cost at rates the message path cannot take; no deliveries)
                  ws-send, ws-group: --tick 1ms (while sending, the socket loop sends and reads once per tick; a message
                        leaves and a frame is stamped up to one tick late, counted in the latency; 0 = at once)
                  ws-idle on several nodes (run.sh --nodes N passes these): --party I --parties N --barrier-dir DIR
                        --peer-server URL (another node: a message is sent across while every socket is held)
                common: --signup-concurrency 16 --json-out FILE --note TEXT --phone-base 0 (first phone index)
                (run.sh adds --server, --sms-port, --server-pid and --db)""";
    }
}
