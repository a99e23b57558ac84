package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.media.internal.MediaCleanup;
import app.cloak.messaging.internal.MessageExpiry;
import app.cloak.testing.ApiTestBase;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the server derives from uploads and how media leave storage, over real HTTP: metadata stripped from photos,
 * upright thumbnails, the video-thumbnail skip without ffmpeg, voice-note duration and waveform, blob deletion
 * with the last message, orphan cleanup.
 */
class MediaProcessingApiTest extends ApiTestBase {
    @Autowired
    MediaCleanup cleanup;
    @Autowired
    MessageExpiry expiry;

    private MediaApiTest.Reply upload(Session s, byte[] content) {
        return MediaApiTest.upload(port, s, content, "f.bin", "application/octet-stream");
    }

    private MediaApiTest.Reply get(String url) {
        return MediaApiTest.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url)).GET().build());
    }

    private JsonNode uploadOk(Session s, byte[] content) {
        var r = upload(s, content);
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return r.json();
    }

    private JsonNode send(Session s, String chatId, String type, String mediaId, boolean viewOnce) {
        var body = new HashMap<String, Object>(Map.of("clientMsgId", UUID.randomUUID().toString(), "type", type, "mediaId", mediaId));
        if (viewOnce) body.put("viewOnce", true);
        var r = s.api().post("/api/v1/chats/" + chatId + "/messages", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    private JsonNode seenBy(Session viewer, String chatId, String messageId) {
        for (JsonNode m : viewer.api().get("/api/v1/chats/" + chatId + "/messages").body().get("messages")) {
            if (m.get("messageId").asString().equals(messageId)) return m;
        }
        throw new AssertionError("message not visible");
    }

    // ---- test images ----

    /** A landscape JPEG, left half red, right half blue, {@code w}×{@code h}. */
    static byte[] plainJpeg(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }

    /** An EXIF APP1 segment: Orientation 6 (rotate 90° clockwise to display) and a GPS position (52° N). */
    static byte[] exifWithGps() {
        ByteBuffer tiff = ByteBuffer.allocate(92).order(ByteOrder.BIG_ENDIAN);
        tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) 6).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(38);
        tiff.putInt(0);
        tiff.putShort((short) 2);
        tiff.putShort((short) 0x0001).putShort((short) 2).putInt(2).put(new byte[] {'N', 0, 0, 0});
        tiff.putShort((short) 0x0002).putShort((short) 5).putInt(3).putInt(68);
        tiff.putInt(0);
        tiff.putInt(52).putInt(1).putInt(31).putInt(1).putInt(0).putInt(1);
        byte[] payload = new byte[6 + 92];
        System.arraycopy("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0, payload, 0, 6);
        System.arraycopy(tiff.array(), 0, payload, 6, 92);
        return segment(0xE1, payload);
    }

    static byte[] segment(int marker, byte[] payload) {
        var out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.write(marker);
        out.write((payload.length + 2) >> 8);
        out.write((payload.length + 2) & 0xFF);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** The JPEG with EXIF (orientation + GPS), an XMP block and a comment inserted after SOI/APP0. */
    static byte[] cameraJpeg(byte[] plain) {
        int afterApp0 = 2 + 2 + (((plain[4] & 0xFF) << 8) | (plain[5] & 0xFF));
        var out = new ByteArrayOutputStream();
        out.write(plain, 0, afterApp0);
        out.writeBytes(exifWithGps());
        out.writeBytes(segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>CLOAK-XMP-HOME-ADDRESS</x:xmpmeta>"
                .getBytes(StandardCharsets.ISO_8859_1)));
        out.writeBytes(segment(0xFE, "CLOAK-COMMENT-SERIAL-1234".getBytes(StandardCharsets.ISO_8859_1)));
        out.write(plain, afterApp0, plain.length - afterApp0);
        return out.toByteArray();
    }

    static byte[] pngWithText() throws Exception {
        BufferedImage img = new BufferedImage(30, 10, BufferedImage.TYPE_INT_ARGB);
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        byte[] png = out.toByteArray();
        byte[] text = "Location\0CLOAK-PNG-SECRET-PLACE".getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(12 + text.length);
        chunk.putInt(text.length).put("tEXt".getBytes(StandardCharsets.ISO_8859_1)).put(text);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + text.length);
        chunk.putInt((int) crc.getValue());
        var with = new ByteArrayOutputStream();
        with.write(png, 0, 33); // signature + IHDR
        with.writeBytes(chunk.array());
        with.write(png, 33, png.length - 33);
        return with.toByteArray();
    }

    static int indexOf(byte[] haystack, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + n.length <= haystack.length; i++) {
            for (int j = 0; j < n.length; j++) if (haystack[i + j] != n[j]) continue outer;
            return i;
        }
        return -1;
    }

    // ---- images ----

    @Test
    void photosLoseTheirMetadataButKeepTheirOrientationAndPixels() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        byte[] plain = plainJpeg(64, 32);
        byte[] camera = cameraJpeg(plain);
        Metadata before = ImageMetadataReader.readMetadata(new ByteArrayInputStream(camera));
        assertThat(before.getFirstDirectoryOfType(GpsDirectory.class)).as("the test photo has a GPS position").isNotNull();

        JsonNode up = uploadOk(alice, camera);
        assertThat(up.get("thumbnail").asString()).isEqualTo("ready");
        assertThat(up.get("width").asInt()).as("displayed upright: portrait").isEqualTo(32);
        assertThat(up.get("height").asInt()).isEqualTo(64);
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "image", up.get("mediaId").asString(), false).get("messageId").asString();
        JsonNode media = seenBy(bob, chat, messageId).get("media");
        assertThat(media.get("thumbnail").asString()).isEqualTo("ready");
        assertThat(media.get("width").asInt()).isEqualTo(32);

        byte[] downloaded = get(media.get("url").asString()).body();
        assertThat(up.get("size").asLong()).isEqualTo(downloaded.length);
        Metadata after = ImageMetadataReader.readMetadata(new ByteArrayInputStream(downloaded));
        assertThat(after.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        assertThat(after.getFirstDirectoryOfType(ExifIFD0Directory.class).getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(6);
        for (String secret : List.of("CLOAK-XMP-HOME-ADDRESS", "CLOAK-COMMENT-SERIAL-1234")) {
            assertThat(indexOf(downloaded, secret)).as(secret).isEqualTo(-1);
        }
        // lossless: the image data (from the first quantisation table on) is byte for byte the camera's
        int tables = indexOf(plain, "\u00ff\u00db");
        byte[] imageData = java.util.Arrays.copyOfRange(plain, tables, plain.length);
        assertThat(indexOf(downloaded, new String(imageData, StandardCharsets.ISO_8859_1))).isPositive();
    }

    @Test
    void thumbnailsStandUprightCarryNoMetadataAndNeedTheirOwnSignature() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode up = uploadOk(alice, cameraJpeg(plainJpeg(640, 320)));
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "image", up.get("mediaId").asString(), false).get("messageId").asString();
        String thumbUrl = seenBy(bob, chat, messageId).get("media").get("thumbnailUrl").asString();
        assertThat(thumbUrl).startsWith("/api/v1/media/" + up.get("mediaId").asString() + "/thumbnail?").contains("u=" + bob.userId());

        var r = get(thumbUrl);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("image/jpeg");
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(thumb.getWidth()).isEqualTo(160);
        assertThat(thumb.getHeight()).isEqualTo(320);
        // The photo's left half (red) is the top after turning it 90° clockwise; its right half (blue) the bottom.
        Color top = new Color(thumb.getRGB(80, 20));
        Color bottom = new Color(thumb.getRGB(80, 300));
        assertThat(top.getRed()).isGreaterThan(200);
        assertThat(top.getBlue()).isLessThan(60);
        assertThat(bottom.getBlue()).isGreaterThan(200);
        assertThat(bottom.getRed()).isLessThan(60);
        Metadata meta = ImageMetadataReader.readMetadata(new ByteArrayInputStream(r.body()));
        assertThat(meta.getFirstDirectoryOfType(ExifIFD0Directory.class)).isNull();
        assertThat(meta.getFirstDirectoryOfType(GpsDirectory.class)).isNull();

        // A thumbnail signature does not open the original, nor the other way round.
        String mediaUrl = seenBy(bob, chat, messageId).get("media").get("url").asString();
        assertThat(get(thumbUrl.replace("/thumbnail?", "?")).status()).isEqualTo(403);
        assertThat(get(mediaUrl.replace("?", "/thumbnail?")).status()).isEqualTo(403);
    }

    @Test
    void pngTextChunksAreStrippedAndAlphaPngsGetAThumbnail() throws Exception {
        Session alice = signUp("Alice");
        byte[] png = pngWithText();
        JsonNode up = uploadOk(alice, png);
        assertThat(up.get("thumbnail").asString()).isEqualTo("ready");
        assertThat(up.get("width").asInt()).isEqualTo(30);
        byte[] stored = get(up.get("url").asString()).body();
        assertThat(indexOf(stored, "CLOAK-PNG-SECRET-PLACE")).isEqualTo(-1);
        assertThat(stored.length).isEqualTo(png.length - (12 + "Location\0CLOAK-PNG-SECRET-PLACE".length()));
        assertThat(ImageIO.read(new ByteArrayInputStream(stored)).getWidth()).isEqualTo(30);
        assertThat(get(up.get("thumbnailUrl").asString()).status()).isEqualTo(200);
    }

    @Test
    void viewOnceRecipientsGetNoThumbnail() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode up = uploadOk(alice, plainJpeg(100, 100));
        String mediaId = up.get("mediaId").asString();
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "image", mediaId, true).get("messageId").asString();
        assertThat(seenBy(bob, chat, messageId).get("media").get("thumbnailUrl").isNull()).isTrue();
        assertThat(seenBy(alice, chat, messageId).get("media").get("thumbnailUrl").isNull()).as("the sender keeps hers").isFalse();
        // even with a validly signed thumbnail URL for Bob
        String forBob = seenBy(alice, chat, messageId).get("media").get("thumbnailUrl").asString()
                .replace("u=" + alice.userId(), "u=" + bob.userId());
        assertThat(get(forBob).status()).as("wrong signature for Bob").isEqualTo(403);
    }

    @Test
    void aPhotoSmallerThanAThumbnailIsNotEnlarged() throws Exception {
        Session alice = signUp("Alice");
        JsonNode up = uploadOk(alice, plainJpeg(96, 64));
        var r = get(up.get("thumbnailUrl").asString());
        assertThat(r.status()).isEqualTo(200);
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(r.body()));
        assertThat(thumb.getWidth()).isEqualTo(96);
        assertThat(thumb.getHeight()).isEqualTo(64);
    }

    @Test
    void withoutFfmpegAVideoSaysItsThumbnailIsUnavailableAndWhy() {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode up = uploadOk(alice, MediaApiTest.SAMPLES.get("video/mp4"));
        assertThat(up.get("thumbnail").asString()).isEqualTo("unavailable");
        assertThat(up.get("thumbnailReason").asString()).isEqualTo("ffmpeg_not_installed");
        assertThat(up.has("thumbnailUrl")).isTrue();
        assertThat(up.get("thumbnailUrl").isNull()).isTrue();
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "video", up.get("mediaId").asString(), false).get("messageId").asString();
        JsonNode media = seenBy(bob, chat, messageId).get("media");
        assertThat(media.get("thumbnail").asString()).isEqualTo("unavailable");
        assertThat(media.get("thumbnailReason").asString()).isEqualTo("ffmpeg_not_installed");
        assertThat(media.get("thumbnailUrl").isNull()).isTrue();
    }

    @Test
    void documentsHaveNoThumbnailAndSaySo() {
        Session alice = signUp("Alice");
        JsonNode up = uploadOk(alice, MediaApiTest.pdf(3000));
        assertThat(up.get("thumbnail").asString()).isEqualTo("none");
        assertThat(up.get("thumbnailUrl").isNull()).isTrue();
    }

    // ---- voice notes ----

    /** 1.5 s of 16-bit mono PCM at 8 kHz: a 440 Hz tone whose loudness rises linearly from silence to full scale. */
    static byte[] rampWav() throws Exception {
        int rate = 8000;
        int frames = 12_000;
        ByteBuffer pcm = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            double gain = (double) i / (frames - 1);
            pcm.putShort((short) Math.round(Math.sin(2 * Math.PI * 440 * i / rate) * 32767 * gain));
        }
        var format = new AudioFormat(rate, 16, 1, true, false);
        var out = new ByteArrayOutputStream();
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm.array()), format, frames), AudioFileFormat.Type.WAVE, out);
        return out.toByteArray();
    }

    @Test
    void aWavVoiceNoteComesWithItsDurationAndWaveform() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode up = uploadOk(alice, rampWav());
        assertThat(up.get("mime").asString()).isEqualTo("audio/wav");
        assertThat(up.get("durationMs").asLong()).isEqualTo(1500);
        JsonNode waveform = up.get("waveform");
        assertThat(waveform.size()).isEqualTo(64);
        assertThat(waveform.get(0).asInt()).isLessThan(5);
        assertThat(waveform.get(31).asInt()).isBetween(40, 60);
        assertThat(waveform.get(63).asInt()).isGreaterThan(95);
        for (int i = 1; i < 64; i++) assertThat(waveform.get(i).asInt()).isGreaterThanOrEqualTo(waveform.get(i - 1).asInt() - 2);

        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "voice", up.get("mediaId").asString(), false).get("messageId").asString();
        JsonNode media = seenBy(bob, chat, messageId).get("media");
        assertThat(media.get("durationMs").asLong()).isEqualTo(1500);
        assertThat(media.get("waveform").size()).isEqualTo(64);
        assertThat(media.get("thumbnail").asString()).isEqualTo("none");
    }

    /** One EBML element: id bytes, an 8-byte size (or "unknown" when {@code data} is null), the data. */
    static byte[] ebml(String idHex, byte[] data) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(java.util.HexFormat.of().parseHex(idHex));
        if (data == null) {
            out.writeBytes(java.util.HexFormat.of().parseHex("01ffffffffffffff"));
        } else {
            out.write(0x01);
            for (int i = 6; i >= 0; i--) out.write((int) (((long) data.length >>> (8 * i)) & 0xFF));
            out.writeBytes(data);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    /**
     * A WebM as a MediaRecorder starts one: EBML header (DocType webm), a Segment of unknown size holding Info,
     * Tracks with one TrackEntry per given TrackType (1 video, 2 audio), then a Cluster with some frame bytes.
     */
    static byte[] webm(int... trackTypes) {
        byte[] header = ebml("1a45dfa3", concat(ebml("4286", new byte[] {1}), ebml("42f7", new byte[] {1}),
                ebml("4282", "webm".getBytes(StandardCharsets.US_ASCII)), ebml("4287", new byte[] {4}), ebml("4285", new byte[] {2})));
        byte[] info = ebml("1549a966", concat(ebml("2ad7b1", new byte[] {0x0f, 0x42, 0x40}),
                ebml("4d80", "Chrome".getBytes(StandardCharsets.US_ASCII))));
        var entries = new ByteArrayOutputStream();
        for (int i = 0; i < trackTypes.length; i++) {
            String codec = trackTypes[i] == 1 ? "V_VP8" : "A_OPUS";
            entries.writeBytes(ebml("ae", concat(ebml("d7", new byte[] {(byte) (i + 1)}), ebml("83", new byte[] {(byte) trackTypes[i]}),
                    ebml("86", codec.getBytes(StandardCharsets.US_ASCII)))));
        }
        byte[] tracks = ebml("1654ae6b", entries.toByteArray());
        byte[] frames = new byte[3000];
        new java.util.Random(7).nextBytes(frames);
        byte[] cluster = ebml("1f43b675", concat(ebml("e7", new byte[] {0}), ebml("a3", frames)));
        return concat(header, ebml("18538067", null), info, tracks, cluster);
    }

    @Test
    void anAudioOnlyWebmIsAudioAndGoesOutAsAVoiceNoteWhileAWebmWithVideoStaysVideo() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode voice = uploadOk(alice, webm(2));
        assertThat(voice.get("type").asString()).isEqualTo("audio");
        assertThat(voice.get("mime").asString()).isEqualTo("audio/webm");
        assertThat(voice.get("thumbnail").asString()).isEqualTo("none");
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "voice", voice.get("mediaId").asString(), false).get("messageId").asString();
        JsonNode seen = seenBy(bob, chat, messageId);
        assertThat(seen.get("type").asString()).isEqualTo("voice");
        assertThat(seen.get("media").get("mime").asString()).isEqualTo("audio/webm");

        for (int[] tracks : new int[][] {{1, 2}, {2, 1}, {1}}) {
            JsonNode video = uploadOk(alice, webm(tracks));
            assertThat(video.get("type").asString()).as(java.util.Arrays.toString(tracks)).isEqualTo("video");
            assertThat(video.get("mime").asString()).isEqualTo("video/webm");
        }
    }

    // Ogg/Opus, WebM/Opus, M4A and MP3 voice notes: VoiceNoteApiTest (real encoded audio).

    // ---- over the WebSocket ----

    @Test
    void theWebSocketSendFrameCarriesMediaAndViewOnceLikeRest() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session eve = signUp("Eve");
        String chat = directChat(alice, bob);
        String mediaId = uploadOk(alice, plainJpeg(60, 40)).get("mediaId").asString();
        String eveMedia = uploadOk(eve, MediaApiTest.pdf(2000)).get("mediaId").asString();
        try (var socket = ws(alice)) {
            socket.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "ws-media-1", "msgType", "image",
                    "text", "caption", "mediaId", mediaId, "viewOnce", true));
            JsonNode ack = socket.next("message.sent", e -> e.get("clientMsgId").asString().equals("ws-media-1"));
            JsonNode seen = seenBy(bob, chat, ack.get("messageId").asString());
            assertThat(seen.get("type").asString()).isEqualTo("image");
            assertThat(seen.get("viewOnce").asBoolean()).isTrue();
            assertThat(seen.get("text").asString()).isEqualTo("caption");
            assertThat(seen.get("media").get("mediaId").asString()).isEqualTo(mediaId);
            assertThat(get(seen.get("media").get("url").asString()).status()).isEqualTo(200);
            assertThat(get(seen.get("media").get("url").asString()).status()).as("view-once over WS too").isEqualTo(410);

            // the same rules as REST: only one's own upload, a fitting type, a boolean viewOnce
            socket.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "ws-media-2", "msgType", "document",
                    "mediaId", eveMedia));
            assertThat(socket.next("error").get("code").asString()).isEqualTo("invalid_media");
            String pdf = uploadOk(alice, MediaApiTest.pdf(2000)).get("mediaId").asString();
            socket.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "ws-media-3", "msgType", "image", "mediaId", pdf));
            assertThat(socket.next("error").get("code").asString()).isEqualTo("media_type_mismatch");
            socket.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "ws-media-4", "msgType", "document",
                    "mediaId", pdf, "viewOnce", "yes"));
            assertThat(socket.next("error").get("code").asString()).isEqualTo("invalid_field");
            socket.send(Map.of("type", "message.send", "chatId", chat, "clientMsgId", "ws-media-5", "msgType", "document", "mediaId", pdf));
            assertThat(socket.next("message.sent", e -> e.get("clientMsgId").asString().equals("ws-media-5"))).isNotNull();
        }
    }

    // ---- leaving storage ----

    long blobs() throws Exception {
        var media = dataDir().resolve("media");
        try (var files = Files.walk(media)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("tmp")).count();
        }
    }

    boolean blobExists(String blobId) {
        return Files.exists(dataDir().resolve("media").resolve(blobId.substring(0, 2)).resolve(blobId));
    }

    String blobOf(String mediaId) {
        return jdbc.sql("SELECT blob_id FROM media WHERE media_id = ?").param(mediaId).query(String.class).single();
    }

    String thumbOf(String mediaId) {
        return jdbc.sql("SELECT thumb_blob_id FROM media WHERE media_id = ?").param(mediaId).query(String.class).single();
    }

    boolean mediaRow(String mediaId) {
        return jdbc.sql("SELECT COUNT(*) FROM media WHERE media_id = ?").param(mediaId).query(Long.class).single() > 0;
    }

    @Test
    void theBlobGoesWithTheLastMessageCarryingIt() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        Session carol = signUp("Carol");
        String mediaId = uploadOk(alice, plainJpeg(50, 50)).get("mediaId").asString();
        String blob = blobOf(mediaId);
        String thumb = thumbOf(mediaId);
        String aliceBob = directChat(alice, bob);
        String first = send(alice, aliceBob, "image", mediaId, false).get("messageId").asString();
        String bobCarol = directChat(bob, carol);
        var fwd = bob.api().post("/api/v1/chats/" + bobCarol + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "forwardOf", first));
        assertThat(fwd.status()).as(fwd.raw()).isEqualTo(201);
        String forward = fwd.body().get("messageId").asString();

        var deleted = alice.api().delete("/api/v1/chats/" + aliceBob + "/messages/" + first + "?for=everyone");
        assertThat(deleted.status()).as(deleted.raw()).isIn(200, 204);
        assertThat(blobExists(blob)).as("the forward still carries it").isTrue();
        String carolUrl = seenBy(carol, bobCarol, forward).get("media").get("url").asString();
        assertThat(get(carolUrl).status()).isEqualTo(200);

        var gone = bob.api().delete("/api/v1/chats/" + bobCarol + "/messages/" + forward + "?for=everyone");
        assertThat(gone.status()).as(gone.raw()).isIn(200, 204);
        assertThat(blobExists(blob)).isFalse();
        assertThat(blobExists(thumb)).isFalse();
        assertThat(mediaRow(mediaId)).isFalse();
        assertThat(get(carolUrl).status()).isEqualTo(404);
    }

    @Test
    void deletingForMeKeepsTheBlobForTheOthers() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String mediaId = uploadOk(alice, MediaApiTest.pdf(4000)).get("mediaId").asString();
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "document", mediaId, false).get("messageId").asString();
        assertThat(alice.api().delete("/api/v1/chats/" + chat + "/messages/" + messageId + "?for=me").status()).isIn(200, 204);
        assertThat(blobExists(blobOf(mediaId))).isTrue();
    }

    @Test
    void anExpiredMessageTakesItsMediaAlong() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String mediaId = uploadOk(alice, MediaApiTest.pdf(4000)).get("mediaId").asString();
        String blob = blobOf(mediaId);
        String chat = directChat(alice, bob);
        String messageId = send(alice, chat, "document", mediaId, false).get("messageId").asString();
        jdbc.sql("UPDATE messages SET expires_at = ? WHERE id = ?").params(System.currentTimeMillis() - 1000, messageId).update();
        assertThat(expiry.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(blobExists(blob)).isFalse();
        assertThat(mediaRow(mediaId)).isFalse();
    }

    @Test
    void uploadsNoMessageCarriedWithin24HoursAreDeletedByTheCleanupJob() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        String orphan = uploadOk(alice, plainJpeg(40, 40)).get("mediaId").asString();
        String orphanBlob = blobOf(orphan);
        String orphanThumb = thumbOf(orphan);
        String recent = uploadOk(alice, MediaApiTest.pdf(3000)).get("mediaId").asString();
        String sentOld = uploadOk(alice, MediaApiTest.pdf(3000)).get("mediaId").asString();
        send(alice, directChat(alice, bob), "document", sentOld, false);
        long dayAgo = System.currentTimeMillis() - 24 * 3600 * 1000L - 60_000;
        jdbc.sql("UPDATE media SET created_at = ? WHERE media_id IN (?, ?)").params(dayAgo, orphan, sentOld).update();

        assertThat(cleanup.sweep()).isGreaterThanOrEqualTo(1);
        assertThat(mediaRow(orphan)).isFalse();
        assertThat(blobExists(orphanBlob)).isFalse();
        assertThat(blobExists(orphanThumb)).isFalse();
        assertThat(mediaRow(recent)).as("younger than 24 h").isTrue();
        assertThat(mediaRow(sentOld)).as("a message carries it").isTrue();
        assertThat(blobExists(blobOf(sentOld))).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM media_trash WHERE blob_id IN (?, ?)").params(orphanBlob, orphanThumb)
                .query(Long.class).single()).as("trash emptied").isZero();
        // An orphan can no longer be attached.
        var late = alice.api().post("/api/v1/chats/" + directChat(alice, bob) + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "image", "mediaId", orphan));
        assertThat(late.status()).isEqualTo(400);
    }
}
