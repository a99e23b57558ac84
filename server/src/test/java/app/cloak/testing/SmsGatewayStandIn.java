package app.cloak.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A local SMS gateway over real HTTP: records every text the server's http OTP sender posts. */
public final class SmsGatewayStandIn implements AutoCloseable {
    private static final Pattern TO = Pattern.compile("\"to\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    private final HttpServer server;
    private final Map<String, String> lastCode = new ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();

    private SmsGatewayStandIn(HttpServer server) {
        this.server = server;
    }

    public static SmsGatewayStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            SmsGatewayStandIn standIn = new SmsGatewayStandIn(server);
            server.createContext("/sms", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher to = TO.matcher(body);
                Matcher code = CODE.matcher(body);
                if (to.find() && code.find()) {
                    standIn.lastCode.put(to.group(1), code.group(1));
                    standIn.received.incrementAndGet();
                    exchange.sendResponseHeaders(202, -1);
                } else {
                    exchange.sendResponseHeaders(400, -1);
                }
                exchange.close();
            });
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    public String lastCodeFor(String phone) {
        String code = lastCode.get(phone);
        if (code == null) throw new AssertionError("No SMS was sent to " + phone);
        return code;
    }

    public int received() {
        return received.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
