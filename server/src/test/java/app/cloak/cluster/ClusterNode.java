package app.cloak.cluster;

import app.cloak.CloakApplication;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** One Cloak node in this JVM, in cluster mode: PostgreSQL shared with the other nodes, NATS for the buses. */
final class ClusterNode implements AutoCloseable {
    private final ConfigurableApplicationContext context;

    ClusterNode(String name, String postgresUrl, String natsUrl, String namespace, Path secrets, String smsUrl) {
        Map<String, Object> p = new HashMap<>();
        p.put("server.port", "0");
        p.put("spring.application.name", name);
        // Secrets are shared the way a real cluster shares them: the same files (or environment) on every node.
        p.put("cloak.data-dir", secrets.toString());
        p.put("cloak.database.url", postgresUrl);
        p.put("cloak.database.username", "postgres");
        p.put("cloak.nats.url", natsUrl);
        p.put("cloak.nats.namespace", namespace);
        p.put("cloak.otp.sender", "http");
        p.put("cloak.otp.http-url", smsUrl);
        p.put("cloak.otp.per-ip-per-hour", "100000");
        p.put("cloak.otp.verify-per-ip-per-hour", "100000");
        p.put("cloak.gateway.typing-timeout", "PT1S");
        // As command-line arguments: they outrank application.properties, as the environment would.
        String[] args = p.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        this.context = new SpringApplicationBuilder(CloakApplication.class).run(args);
    }

    /** Device feed reads this node answered from {@code source} ({@code memory} or {@code database}). */
    double feedReads(String source) {
        var counter = context.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("cloak.feed.reads")
                .tag("source", source).counter();
        return counter == null ? 0 : counter.count();
    }

    int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Override
    public void close() {
        if (context.isActive()) context.close();
    }
}
