package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.crypto.KeyedHashes;
import app.cloak.testing.Api;
import app.cloak.testing.ApiTestBase;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Uploads, media messages, signed downloads, ranges and view-once over real HTTP. */
class MediaApiTest extends ApiTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    KeyedHashes hashes;

    record Reply(int status, byte[] body, java.net.http.HttpHeaders headers) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        String code() {
            return json().get("code").asString();
        }
    }

    // ---- files whose first bytes are what the sniffer looks for; the rest is noise ----

    static byte[] file(byte[] head, int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] png(int size) {
        return file(HexFormat.of().parseHex("89504e470d0a1a0a0000000d49484452"), size, size);
    }

    static byte[] pdf(int size) {
        return file(ascii("%PDF-1.7\n"), size, size + 1);
    }

    static final Map<String, byte[]> SAMPLES = Map.of(
            "image/jpeg", file(HexFormat.of().parseHex("ffd8ffe000104a464946"), 2000, 1),
            "image/png", png(2000),
            "image/gif", file(ascii("GIF89a"), 2000, 2),
            "image/webp", file(ascii("RIFF\u0000\u0010\u0000\u0000WEBPVP8 "), 2000, 3),
            "video/mp4", file(ascii("\u0000\u0000\u0000\u0018ftypisom\u0000\u0000\u0002\u0000"), 2000, 4),
            "video/webm", file(HexFormat.of().parseHex("1a45dfa39f4286810142f7810142f2810442f381084282847765626d"), 2000, 5),
            "audio/ogg", file(ascii("OggS\u0000\u0002\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"), 2000, 6),
            "audio/mpeg", file(ascii("ID3\u0004\u0000\u0000\u0000\u0000\u0000\u0000"), 2000, 7),
            "application/pdf", pdf(2000));

    Reply upload(Session s, byte[] content, String filename, String declaredType) {
        return upload(port, s, content, filename, declaredType);
    }

    /** {@code POST /api/v1/media} with {@code content} as the multipart part {@code file} (for the other media API tests). */
    static Reply upload(int port, Session s, byte[] content, String filename, String declaredType) {
        String boundary = "----cloak" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        body.writeBytes(ascii("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + declaredType + "\r\n\r\n"));
        body.writeBytes(content);
        body.writeBytes(ascii("\r\n--" + boundary + "--\r\n"));
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/media"))
                .header("Authorization", "Bearer " + s.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        return call(request);
    }

    String uploadOk(Session s, byte[] content) {
        Reply r = upload(s, content, "f.bin", "application/octet-stream");
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return r.json().get("mediaId").asString();
    }

    Reply get(String url, String range) {
        var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url)).GET();
        if (range != null) b.header("Range", range);
        return call(b.build());
    }

    static Reply call(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode sendMedia(Session s, String chatId, String type, String mediaId, boolean viewOnce, int expectedStatus) {
        var body = new java.util.HashMap<String, Object>(Map.of("clientMsgId", UUID.randomUUID().toString(), "type", type,
                "mediaId", mediaId, "text", "a caption"));
        if (viewOnce) body.put("viewOnce", true);
        var r = s.api().post("/api/v1/chats/" + chatId + "/messages", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(expectedStatus);
        return r.body();
    }

    /** The message as {@code viewer} sees it in history (with a URL signed for them). */
    JsonNode seenBy(Session viewer, String chatId, String messageId) {
        var r = viewer.api().get("/api/v1/chats/" + chatId + "/messages");
        for (JsonNode m : r.body().get("messages")) if (m.get("messageId").asString().equals(messageId)) return m;
        throw new AssertionError("message not visible");
    }

    long mediaFiles() throws Exception {
        Path media = dataDir().resolve("media");
        if (!Files.exists(media)) return 0;
        try (var files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    /** The bytes the blob store holds for a blob (local adapter: the file under the data directory). */
    byte[] storedBytes(String blobId) throws Exception {
        return Files.readAllBytes(dataDir().resolve("media").resolve(blobId.substring(0, 2)).resolve(blobId));
    }

    // ---- uploads ----

    @Test
    void everyAllowedTypeIsRecognisedFromItsBytesNotItsName() {
        Session alice = signUp("Alice");
        SAMPLES.forEach((mime, bytes) -> {
            Reply r = upload(alice, bytes, "whatever.txt", "text/plain");
            assertThat(r.status()).as(mime + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
            assertThat(r.json().get("mime").asString()).isEqualTo(mime);
            assertThat(r.json().get("mimeType").asString()).isEqualTo(mime);
            assertThat(r.json().get("size").asLong()).isEqualTo(bytes.length);
            assertThat(r.json().get("mediaId").asString()).startsWith("md_");
            assertThat(r.json().get("type").asString()).isIn("image", "video", "audio", "document");
        });
    }

    @Test
    void aDisallowedTypeIs415ProblemAndLeavesNothingBehind() throws Exception {
        Session alice = signUp("Alice");
        long before = mediaFiles();
        for (byte[] bad : List.of(ascii("<html><script>alert(1)</script></html>"), ascii("MZ\u0090\u0000 windows exe"), new byte[0],
                file(ascii("PK\u0003\u0004"), 3000, 9))) {
            Reply r = upload(alice, bad, "cat.png", "image/png");
            assertThat(r.status()).isEqualTo(415);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.code()).isEqualTo("unsupported_media_type");
        }
        assertThat(mediaFiles()).isEqualTo(before);
    }

    @Test
    void eachTypeHasItsOwnLimitAndTooLargeIs413LeavingNothingBehind() throws Exception {
        Session alice = signUp("Alice");
        long before = mediaFiles();
        Reply r = upload(alice, png(70 * 1024), "big.png", "image/png");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.code()).isEqualTo("payload_too_large");
        assertThat(mediaFiles()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM media WHERE uploader_id = ?").param(alice.userId()).query(Long.class).single()).isZero();
        // The same size is fine for a document (100 MiB limit), and an image exactly at its limit is fine.
        assertThat(upload(alice, pdf(70 * 1024), "big.pdf", "application/pdf").status()).isEqualTo(201);
        assertThat(upload(alice, png(64 * 1024), "edge.png", "image/png").status()).isEqualTo(201);
    }

    @Test
    void uploadsNeedAFilePartAndASignedInUser() {
        Session alice = signUp("Alice");
        var noPart = alice.api().send("POST", "/api/v1/media", "--x\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nhi\r\n--x--\r\n",
                "multipart/form-data; boundary=x");
        assertThat(noPart.status()).isEqualTo(400);
        assertThat(noPart.code()).isEqualTo("missing_file");
        var anonymous = anonymous().send("POST", "/api/v1/media", "--x--\r\n", "multipart/form-data; boundary=x");
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void storedBytesAreEncryptedAtRest() throws Exception {
        Session alice = signUp("Alice");
        byte[] marker = ascii("CLOAK-PLAINTEXT-MARKER-0123456789");
        byte[] content = pdf(50_000);
        for (int i = 0; i < 40; i++) System.arraycopy(marker, 0, content, 100 + i * 1000, marker.length);
        String mediaId = uploadOk(alice, content);
        String blobId = jdbc.sql("SELECT blob_id FROM media WHERE media_id = ?").param(mediaId).query(String.class).single();
        byte[] atRest = storedBytes(blobId);
        assertThat(atRest.length).isGreaterThan(content.length);
        assertThat(indexOf(atRest, marker)).isEqualTo(-1);
        assertThat(indexOf(atRest, ascii("%PDF-"))).isEqualTo(-1);
    }

    // ---- media messages and downloads ----

    @Test
    void aMediaMessageCarriesASignedUrlThatStreamsTheDecryptedBytes() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String chat = directChat(alice, bob);
        byte[] content = SAMPLES.get("image/jpeg");
        String mediaId = uploadOk(alice, content);
        JsonNode sent = sendMedia(alice, chat, "image", mediaId, false, 201);
        assertThat(sent.get("text").asString()).isEqualTo("a caption");
        assertThat(sent.get("media").get("mediaId").asString()).isEqualTo(mediaId);
        assertThat(sent.get("media").get("mime").asString()).isEqualTo("image/jpeg");
        assertThat(sent.get("media").get("size").asLong()).isEqualTo(content.length);

        JsonNode seen = seenBy(bob, chat, sent.get("messageId").asString());
        String url = seen.get("media").get("url").asString();
        assertThat(url).startsWith("/api/v1/media/" + mediaId + "?").contains("u=" + bob.userId()).contains("exp=").contains("sig=");
        long exp = Long.parseLong(url.replaceAll(".*exp=(\\d+).*", "$1"));
        assertThat(exp - Instant.now().getEpochSecond()).isBetween(200L, 301L);

        Reply r = get(url, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(content);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
        assertThat(r.headers().firstValue("Accept-Ranges")).contains("bytes");
    }

    @Test
    void rangeRequestsAnswer206WithTheRightBytes() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String chat = directChat(alice, bob);
        byte[] content = file(ascii("\u0000\u0000\u0000\u0018ftypisom"), 300_000, 42);
        String mediaId = uploadOk(alice, content);
        String messageId = sendMedia(alice, chat, "video", mediaId, false, 201).get("messageId").asString();
        String url = seenBy(bob, chat, messageId).get("media").get("url").asString();

        Reply middle = get(url, "bytes=100000-199999");
        assertThat(middle.status()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 100000-199999/300000");
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(content, 100_000, 200_000));

        Reply open = get(url, "bytes=299990-");
        assertThat(open.status()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(content, 299_990, 300_000));

        Reply suffix = get(url, "bytes=-5");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(content, 299_995, 300_000));

        Reply beyond = get(url, "bytes=400000-");
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */300000");
    }

    @Test
    void aTamperedOrExpiredUrlIs403Problem() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String chat = directChat(alice, bob);
        String mediaId = uploadOk(alice, SAMPLES.get("image/png"));
        String messageId = sendMedia(alice, chat, "image", mediaId, false, 201).get("messageId").asString();
        String url = seenBy(bob, chat, messageId).get("media").get("url").asString();
        assertThat(get(url, null).status()).isEqualTo(200);

        String sig = url.replaceAll(".*sig=([^&]+).*", "$1");
        String flipped = (sig.charAt(0) == 'A' ? "B" : "A") + sig.substring(1);
        long exp = Long.parseLong(url.replaceAll(".*exp=(\\d+).*", "$1"));
        for (String bad : List.of(url.replace(sig, flipped), url.replace("exp=" + exp, "exp=" + (exp + 3600)),
                url.replace("u=" + bob.userId(), "u=" + alice.userId()), url.replaceAll("&sig=[^&]+", "&sig="))) {
            Reply r = get(bad, null);
            assertThat(r.status()).as(bad).isEqualTo(403);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            assertThat(r.code()).isEqualTo("invalid_signature");
        }

        long past = Instant.now().getEpochSecond() - 1;
        Reply expired = get(signedUrl(mediaId, past, bob.userId()), null);
        assertThat(expired.status()).isEqualTo(403);
        assertThat(expired.code()).isEqualTo("url_expired");
    }

    @Test
    void onlyTheUploaderMayAttachAndOnlyChatMembersMayDownload() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session eve = signUp("Eve");
        String chat = directChat(alice, bob);
        String mediaId = uploadOk(alice, SAMPLES.get("application/pdf"));

        // Bob cannot send Alice's upload, nor can anyone send an unknown id.
        assertThat(sendMedia(bob, chat, "document", mediaId, false, 400).get("code").asString()).isEqualTo("invalid_media");
        assertThat(sendMedia(alice, chat, "document", "md_nope", false, 400).get("code").asString()).isEqualTo("invalid_media");
        // The message type must fit the upload; media types need a mediaId.
        assertThat(sendMedia(alice, chat, "image", mediaId, false, 400).get("code").asString()).isEqualTo("media_type_mismatch");
        var noMedia = alice.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "video"));
        assertThat(noMedia.status()).isEqualTo(400);

        // Before it is sent only the uploader can download; after, the chat's members too, but not Eve.
        String eveSigned = signedUrl(mediaId, Instant.now().getEpochSecond() + 60, eve.userId());
        String bobSigned = signedUrl(mediaId, Instant.now().getEpochSecond() + 60, bob.userId());
        assertThat(get(bobSigned, null).code()).isEqualTo("not_allowed");
        sendMedia(alice, chat, "document", mediaId, false, 201);
        assertThat(get(bobSigned, null).status()).isEqualTo(200);
        Reply eveTry = get(eveSigned, null);
        assertThat(eveTry.status()).isEqualTo(403);
        assertThat(eveTry.code()).isEqualTo("not_allowed");
        assertThat(eve.api().get("/api/v1/chats/" + chat + "/messages").status()).isEqualTo(404);
    }

    @Test
    void aRemovedMemberLosesAccessEvenWithAnUnexpiredUrl() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        String chat = groupChat(alice, "media", bob, carol);
        String mediaId = uploadOk(alice, SAMPLES.get("audio/mpeg"));
        String messageId = sendMedia(alice, chat, "audio", mediaId, false, 201).get("messageId").asString();
        String carolUrl = seenBy(carol, chat, messageId).get("media").get("url").asString();
        assertThat(get(carolUrl, null).status()).isEqualTo(200);
        var removed = alice.api().delete("/api/v1/chats/" + chat + "/members/" + carol.userId());
        assertThat(removed.status()).as(removed.raw()).isIn(200, 204);
        Reply after = get(carolUrl, null);
        assertThat(after.status()).isEqualTo(403);
        assertThat(after.code()).isEqualTo("not_allowed");
    }

    @Test
    void forwardingSharesTheMediaWithTheNewChat() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        String mediaId = uploadOk(alice, SAMPLES.get("audio/ogg"));
        String first = sendMedia(alice, directChat(alice, bob), "voice", mediaId, false, 201).get("messageId").asString();
        String bobCarol = directChat(bob, carol);
        var fwd = bob.api().post("/api/v1/chats/" + bobCarol + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "forwardOf", first));
        assertThat(fwd.status()).as(fwd.raw()).isEqualTo(201);
        String url = seenBy(carol, bobCarol, fwd.body().get("messageId").asString()).get("media").get("url").asString();
        assertThat(get(url, null).body()).isEqualTo(SAMPLES.get("audio/ogg"));
    }

    @Test
    void viewOnceOpensOncePerRecipientThenIsGoneForThem() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        String chat = groupChat(alice, "media", bob, carol);
        byte[] content = SAMPLES.get("image/webp");
        String mediaId = uploadOk(alice, content);
        JsonNode sent = sendMedia(alice, chat, "image", mediaId, true, 201);
        assertThat(sent.get("viewOnce").asBoolean()).isTrue();
        String messageId = sent.get("messageId").asString();

        String bobUrl = seenBy(bob, chat, messageId).get("media").get("url").asString();
        Reply once = get(bobUrl, "bytes=0-9");
        assertThat(once.status()).as("a range on view-once answers the whole file").isEqualTo(200);
        assertThat(once.body()).isEqualTo(content);
        assertThat(seenBy(bob, chat, messageId).get("media").get("url").isNull()).as("no fresh URL once opened").isTrue();
        Reply twice = get(bobUrl, null);
        assertThat(twice.status()).isEqualTo(410);
        assertThat(twice.code()).isEqualTo("view_once_opened");

        // Carol has her own single view; the sender can always open it.
        String carolUrl = seenBy(carol, chat, messageId).get("media").get("url").asString();
        assertThat(get(carolUrl, null).status()).isEqualTo(200);
        assertThat(get(carolUrl, null).status()).isEqualTo(410);
        String aliceUrl = seenBy(alice, chat, messageId).get("media").get("url").asString();
        assertThat(get(aliceUrl, null).status()).isEqualTo(200);
        assertThat(get(aliceUrl, null).status()).isEqualTo(200);

        // View-once media cannot be forwarded or reused in another message; text cannot be view-once.
        var fwd = bob.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "forwardOf", messageId));
        assertThat(fwd.status()).isEqualTo(400);
        assertThat(sendMedia(alice, chat, "image", mediaId, false, 400).get("code").asString()).isEqualTo("invalid_media");
        var text = alice.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "text", "text", "hi", "viewOnce", true));
        assertThat(text.status()).isEqualTo(400);
    }

    private String signedUrl(String mediaId, long exp, String userId) {
        String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(
                hashes.mac("media-url", mediaId + "\n" + exp + "\n" + userId));
        return "/api/v1/media/" + mediaId + "?u=" + userId + "&exp=" + exp + "&sig=" + sig;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
