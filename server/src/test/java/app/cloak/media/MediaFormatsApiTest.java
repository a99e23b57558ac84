package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.ApiTestBase;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.GpsDirectory;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * GIF and WebP over real HTTP: what a recipient downloads carries no GPS, XMP or comments and still decodes; WebP
 * photos get thumbnails.
 */
class MediaFormatsApiTest extends ApiTestBase {
    private MediaApiTest.Reply upload(Session s, byte[] content) {
        return MediaApiTest.upload(port, s, content, "f.bin", "application/octet-stream");
    }

    private byte[] get(String url) {
        var r = MediaApiTest.call(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + url)).GET().build());
        assertThat(r.status()).isEqualTo(200);
        return r.body();
    }

    private JsonNode uploadOk(Session s, byte[] content) {
        var r = upload(s, content);
        assertThat(r.status()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return r.json();
    }

    /** What Bob gets for an upload of Alice's sent to him: the message's media object. */
    private JsonNode sentToBob(byte[] content, String type) {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        JsonNode up = uploadOk(alice, content);
        String chat = directChat(alice, bob);
        var sent = alice.api().post("/api/v1/chats/" + chat + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", type, "mediaId", up.get("mediaId").asString()));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        String messageId = sent.body().get("messageId").asString();
        for (JsonNode m : bob.api().get("/api/v1/chats/" + chat + "/messages").body().get("messages")) {
            if (m.get("messageId").asString().equals(messageId)) return m.get("media");
        }
        throw new AssertionError("message not visible to Bob");
    }

    private static byte[] tiffWithGps() {
        byte[] app1 = MediaProcessingApiTest.exifWithGps(); // FF E1 len "Exif\0\0" TIFF…
        return Arrays.copyOfRange(app1, 4 + 6, app1.length);
    }

    @Test
    void aWebpPhotoLosesItsExifAndXmpStillDecodesAndGetsAThumbnail() throws Exception {
        byte[] webp = TestImages.webpWithMetadata(64, 32, tiffWithGps(), "CLOAK-WEBP-XMP-HOME");
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(webp)).getFirstDirectoryOfType(GpsDirectory.class))
                .as("the test file has a GPS position").isNotNull();
        assertThat(ImageIO.read(new ByteArrayInputStream(webp)).getWidth()).as("the test file decodes").isEqualTo(64);

        JsonNode media = sentToBob(webp, "image");
        assertThat(media.get("mime").asString()).isEqualTo("image/webp");
        assertThat(media.get("thumbnail").asString()).isEqualTo("ready");
        assertThat(media.get("width").asInt()).isEqualTo(64);
        assertThat(media.get("height").asInt()).isEqualTo(32);

        byte[] downloaded = get(media.get("url").asString());
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(downloaded)).getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "CLOAK-WEBP-XMP-HOME")).isEqualTo(-1);
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "EXIF")).isEqualTo(-1);
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "XMP ")).isEqualTo(-1);
        assertThat(downloaded[20] & 0x0C).as("VP8X no longer announces EXIF or XMP").isZero();
        assertThat(downloaded).hasSameSizeAs(webp); // blanked in place: the RIFF size still holds
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(downloaded));
        assertThat(decoded.getWidth()).isEqualTo(64);
        assertThat(new Color(decoded.getRGB(5, 5))).isEqualTo(Color.RED);
        assertThat(new Color(decoded.getRGB(60, 5))).isEqualTo(Color.BLUE);

        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(get(media.get("thumbnailUrl").asString())));
        assertThat(thumb.getWidth()).isEqualTo(64);
        assertThat(thumb.getHeight()).isEqualTo(32);
        assertThat(new Color(thumb.getRGB(5, 16)).getRed()).isGreaterThan(200);
        assertThat(new Color(thumb.getRGB(60, 16)).getBlue()).isGreaterThan(200);
    }

    @Test
    void aLargeSimpleWebpIsThumbnailedDownToTheEdge() throws Exception {
        byte[] webp = TestImages.losslessWebp(640, 320);
        JsonNode up = uploadOk(signUp("Alice"), webp);
        assertThat(up.get("thumbnail").asString()).isEqualTo("ready");
        assertThat(up.get("width").asInt()).isEqualTo(640);
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(get(up.get("thumbnailUrl").asString())));
        assertThat(thumb.getWidth()).isEqualTo(320);
        assertThat(thumb.getHeight()).isEqualTo(160);
        assertThat(get(up.get("url").asString())).as("no metadata to strip: byte for byte").isEqualTo(webp);
    }

    @Test
    void aGifLosesCommentsAndXmpButKeepsItsFramesAndLoop() throws Exception {
        byte[] gif = TestImages.gifWithMetadata(40, 20, "CLOAK-GIF-SECRET");
        assertThat(MediaProcessingApiTest.indexOf(gif, "CLOAK-GIF-SECRET-XMP")).as("the test file has XMP").isPositive();
        assertThat(MediaProcessingApiTest.indexOf(gif, "CLOAK-GIF-SECRET-COMMENT")).as("and a comment").isPositive();

        JsonNode media = sentToBob(gif, "image");
        assertThat(media.get("thumbnail").asString()).isEqualTo("ready");
        byte[] downloaded = get(media.get("url").asString());
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "CLOAK-GIF-SECRET")).isEqualTo(-1);
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "XMP Data")).isEqualTo(-1);
        assertThat(MediaProcessingApiTest.indexOf(downloaded, "NETSCAPE2.0")).as("the loop count stays").isPositive();
        var reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (var iis = ImageIO.createImageInputStream(new ByteArrayInputStream(downloaded))) {
            reader.setInput(iis);
            assertThat(reader.getNumImages(true)).isEqualTo(2);
            assertThat(new Color(reader.read(0).getRGB(3, 3))).isEqualTo(Color.RED);
            assertThat(new Color(reader.read(1).getRGB(3, 3))).isEqualTo(Color.BLUE);
        } finally {
            reader.dispose();
        }
        BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(get(media.get("thumbnailUrl").asString())));
        assertThat(thumb.getWidth()).isEqualTo(40);
    }
}
