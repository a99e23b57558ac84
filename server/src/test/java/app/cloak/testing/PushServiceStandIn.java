package app.cloak.testing;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A browser push service over real HTTP on loopback, with the browser's side of each subscription: it holds the
 * subscription's P-256 key pair and auth secret, checks each push's VAPID authorization (RFC 8292: ES256 JWT, audience,
 * expiry, subject, the key in {@code k=}) and decrypts the aes128gcm body (RFC 8291/8188) as the browser would.
 * Each subscription can be told which status codes to answer (then 201).
 */
public final class PushServiceStandIn implements AutoCloseable {
    /** A push as the browser received it. */
    public record Push(String subscriptionId, String vapidKey, String subject, String audience, long expiresAt, String ttl,
                       String plaintext) {}

    /** One browser subscription: what a client would POST to /api/v1/push/subscriptions. */
    public record Subscription(String id, String endpoint, String p256dh, String auth, KeyPair keys, byte[] authSecret) {
        public Map<String, Object> json() {
            return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth));
        }
    }

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, List<Integer>> scripted = new ConcurrentHashMap<>();
    private final Map<String, LinkedBlockingQueue<Push>> received = new ConcurrentHashMap<>();
    public final List<String> problems = new CopyOnWriteArrayList<>();
    public final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    private PushServiceStandIn(HttpServer server) {
        this.server = server;
    }

    public static PushServiceStandIn start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            var standIn = new PushServiceStandIn(server);
            server.createContext("/push/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/push/".length());
                byte[] body = exchange.getRequestBody().readAllBytes();
                int status;
                try {
                    status = standIn.handle(id, exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Encoding"), exchange.getRequestHeaders().getFirst("TTL"), body);
                } catch (Exception e) {
                    standIn.problems.add(id + ": " + e);
                    status = 400;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return standIn;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new browser subscription on this push service; {@code answers}: statuses to give before 201s. */
    public Subscription subscribe(Integer... answers) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = g.generateKeyPair();
            byte[] auth = new byte[16];
            new java.security.SecureRandom().nextBytes(auth);
            String id = UUID.randomUUID().toString();
            var s = new Subscription(id, origin() + "/push/" + id, B64.encodeToString(uncompressed((ECPublicKey) keys.getPublic())),
                    B64.encodeToString(auth), keys, auth);
            subscriptions.put(id, s);
            scripted.put(id, new CopyOnWriteArrayList<>(Arrays.asList(answers)));
            received.put(id, new LinkedBlockingQueue<>());
            return s;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next push for the subscription, or null after {@code millis}. */
    public Push next(Subscription s, long millis) throws InterruptedException {
        return received.get(s.id()).poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private int handle(String id, String authorization, String encoding, String ttl, byte[] body) throws Exception {
        attempts.merge(id, 1, Integer::sum);
        Subscription s = subscriptions.get(id);
        if (s == null) return 404;
        List<Integer> script = scripted.get(id);
        if (!script.isEmpty()) return script.removeFirst();
        if (!"aes128gcm".equals(encoding)) throw new IllegalArgumentException("Content-Encoding " + encoding);
        // VAPID: "vapid t=<jwt>, k=<key>"
        if (authorization == null || !authorization.startsWith("vapid ")) throw new IllegalArgumentException("no vapid authorization");
        String t = null;
        String k = null;
        for (String part : authorization.substring(6).split(",")) {
            String p = part.strip();
            if (p.startsWith("t=")) t = p.substring(2);
            if (p.startsWith("k=")) k = p.substring(2);
        }
        ECPublicKey serverKey = publicKey(decode(k));
        SignedJWT jwt = SignedJWT.parse(t);
        if (!jwt.getHeader().getAlgorithm().getName().equals("ES256")) throw new IllegalArgumentException("not ES256");
        if (!jwt.verify(new ECDSAVerifier(serverKey))) throw new IllegalArgumentException("VAPID signature does not verify");
        var claims = jwt.getJWTClaimsSet();
        String audience = claims.getAudience().getFirst();
        if (!audience.equals(origin())) throw new IllegalArgumentException("aud " + audience);
        long exp = claims.getExpirationTime().toInstant().getEpochSecond();
        long now = java.time.Instant.now().getEpochSecond();
        if (exp <= now || exp > now + 24 * 3600) throw new IllegalArgumentException("exp " + exp);
        String plaintext = new String(decrypt(s, body), StandardCharsets.UTF_8);
        received.get(id).add(new Push(id, B64.encodeToString(decode(k)), claims.getSubject(), audience, exp, ttl, plaintext));
        return 201;
    }

    /** RFC 8291 / RFC 8188 on the receiving side. */
    static byte[] decrypt(Subscription s, byte[] body) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(body);
        byte[] salt = new byte[16];
        in.get(salt);
        int rs = in.getInt();
        int idlen = in.get() & 0xFF;
        byte[] asPublic = new byte[idlen];
        in.get(asPublic);
        byte[] ciphertext = new byte[in.remaining()];
        in.get(ciphertext);
        if (rs < 18 || ciphertext.length > rs) throw new IllegalArgumentException("record size");
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(s.keys().getPrivate());
        ka.doPhase(publicKey(asPublic), true);
        byte[] ecdh = ka.generateSecret();
        byte[] uaPublic = uncompressed((ECPublicKey) s.keys().getPublic());
        byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.ISO_8859_1), uaPublic, asPublic);
        byte[] ikm = hkdf(s.authSecret(), ecdh, keyInfo, 32);
        byte[] cek = hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.ISO_8859_1), 16);
        byte[] nonce = hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.ISO_8859_1), 12);
        Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
        byte[] padded = aes.doFinal(ciphertext);
        int end = padded.length - 1;
        while (end >= 0 && padded[end] == 0) end--;
        if (end < 0 || padded[end] != 2) throw new IllegalArgumentException("no last-record delimiter");
        return Arrays.copyOf(padded, end);
    }

    private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        mac.update(info);
        mac.update((byte) 1);
        return Arrays.copyOf(mac.doFinal(), length);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) b.put(p);
        return b.array();
    }

    static byte[] decode(String b64) {
        return Base64.getUrlDecoder().decode(b64.replace('+', '-').replace('/', '_').replace("=", ""));
    }

    static byte[] uncompressed(ECPublicKey key) {
        byte[] out = new byte[65];
        out[0] = 4;
        byte[] x = key.getW().getAffineX().toByteArray();
        byte[] y = key.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), out, 1 + Math.max(0, 32 - x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), out, 33 + Math.max(0, 32 - y.length), Math.min(32, y.length));
        return out;
    }

    static ECPublicKey publicKey(byte[] uncompressed) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        var params = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        var point = new ECPoint(new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33)),
                new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65)));
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, params));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    public URI endpointOf(Subscription s) {
        return URI.create(s.endpoint());
    }
}
