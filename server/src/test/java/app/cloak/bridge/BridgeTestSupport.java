package app.cloak.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import app.cloak.testing.GraphApiStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/** Shared by the bridge's API tests: a Graph stand-in, links pointing at it, and a webhook sender speaking Meta's style. */
abstract class BridgeTestSupport extends ApiTestBase {
    static final GraphApiStandIn GRAPH = GraphApiStandIn.start();
    static final String PHONE_ID = "106540352242922";
    /** The app secret of the replay vectors in notes/whatsapp-cloud-api.md §2. */
    static final String SECRET = "cloakme-test-app-secret";
    static final String VERIFY = "meatyhamhock";
    static final String GROUP = "Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD";
    static final String P1_WAMID = "wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Linked(Session owner, String linkId, String webhookUrl, String token) {
        String webhookPath() {
            return "/webhooks/whatsapp/" + linkId;
        }
    }

    static {
        for (String id : List.of("1003383421387256", "1908647269898587", "1166846181421424", "1013859600285441", "1908647269898599")) {
            GRAPH.media(id, resource("bridge/media/" + id + ".bin"));
        }
    }

    /** Canned errors and rejections of one test must not leak into the next. */
    @org.junit.jupiter.api.AfterEach
    void resetGraph() {
        GRAPH.reset();
    }

    Linked link(String ownerName) {
        var owner = signUp(ownerName);
        String token = "EAAtoken-" + UUID.randomUUID();
        var r = owner.api().post("/api/v1/bridge/whatsapp/links", Map.of("phoneNumberId", PHONE_ID, "accessToken", token,
                "appSecret", SECRET, "verifyToken", VERIFY, "graphBaseUrl", GRAPH.baseUrl()));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return new Linked(owner, r.body().get("linkId").asString(), r.body().get("webhookUrl").asString(), token);
    }

    static byte[] resource(String path) {
        try (InputStream in = BridgeTestSupport.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalArgumentException("No test resource " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixture(String name) {
        return resource("bridge/" + name);
    }

    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Meta's escaping: non-ASCII as lowercase {@code \\uXXXX} (UTF-16 units), '/' as '\/', '@' as {@code \\u0040}. */
    static byte[] metaStyle(String json) {
        StringBuilder out = new StringBuilder();
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"' && (i == 0 || json.charAt(i - 1) != '\\')) inString = !inString;
            if (c > 0x7e) out.append(String.format("\\u%04x", (int) c));
            else if (inString && c == '/') out.append("\\/");
            else if (inString && c == '@') out.append("\\u0040");
            else out.append(c);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A status webhook for one of our sends, built like the fixtures. */
    static byte[] statusBody(String wamid, String status, long ts, String recipient) {
        return metaStyle("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + PHONE_ID
                + "\"},\"statuses\":[{\"id\":\"" + wamid + "\",\"status\":\"" + status + "\",\"timestamp\":\"" + ts + "\",\"recipient_id\":\""
                + recipient + "\"}]},\"field\":\"messages\"}]}]}");
    }

    record Delivery(int status, String body) {}

    Delivery post(String path, byte[] body, String signature) {
        return post(path, body, signature, false);
    }

    Delivery post(String path, byte[] body, String signature, boolean expectContinue) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60)).expectContinue(expectContinue)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) b.header("X-Hub-Signature-256", signature);
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Delivery(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a signed body (as Meta would) and expects 200. */
    void deliver(Linked l, byte[] body) {
        var r = post(l.webhookPath(), body, sign(body));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    void deliverFixtures(Linked l, String... names) {
        for (String n : names) deliver(l, fixture(n));
    }

    long inboxRows(Linked l) {
        return jdbc.sql("SELECT COUNT(*) FROM bridge_inbox WHERE link_id = ?").param(l.linkId()).query(Long.class).single();
    }

    /** Waits until every stored body of the link has been processed. */
    void awaitProcessed(Linked l) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                jdbc.sql("SELECT COUNT(*) FROM bridge_inbox WHERE link_id = ? AND processed_at IS NULL").param(l.linkId())
                        .query(Long.class).single() == 0);
    }

    /** The Graph calls made with this link's token to /messages (what WhatsApp users would notice). */
    List<GraphApiStandIn.Call> messageCalls(Linked l) {
        return GRAPH.messageCalls().stream().filter(c -> ("Bearer " + l.token()).equals(c.authorization())).toList();
    }

    List<JsonNode> whatsappChats(Session s) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : s.api().get("/api/v1/chats").body().get("chats")) if ("whatsapp".equals(c.get("type").asString())) out.add(c);
        return out;
    }

    JsonNode chatNamed(Session s, String name) {
        return whatsappChats(s).stream().filter(c -> name.equals(c.get("name").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("No whatsapp chat named " + name + " in " + whatsappChats(s)));
    }

    List<JsonNode> history(Session s, String chatId) {
        var r = s.api().get("/api/v1/chats/" + chatId + "/messages?limit=100");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().get("messages").forEach(out::add);
        return out;
    }

    static JsonNode byText(List<JsonNode> messages, String text) {
        return messages.stream().filter(m -> m.get("text") != null && text.equals(m.get("text").asString())).findFirst()
                .orElseThrow(() -> new AssertionError("No message '" + text + "' in " + messages));
    }

    static Api.Response get(Session s, String path) {
        return s.api().get(path);
    }
}
