package app.cloak.media;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.blobstore.s3.S3BlobStore;
import app.cloak.testing.S3StandIn;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/** With {@code CLOAK_S3_ENDPOINT} set the server keeps media in the bucket (encrypted), not in the data directory. */
class MediaOnS3ApiTest extends MediaApiTest {
    static final S3StandIn S3 = S3StandIn.start();
    static final String BUCKET = "cloak-api-test";

    @DynamicPropertySource
    static void s3Properties(DynamicPropertyRegistry registry) {
        registry.add("cloak.s3.endpoint", () -> S3.endpoint().toString());
        registry.add("cloak.s3.bucket", () -> BUCKET);
        registry.add("cloak.s3.access-key", () -> S3StandIn.ACCESS);
        registry.add("cloak.s3.secret-key", () -> S3StandIn.SECRET);
    }

    /** Objects in the bucket: the inherited "nothing left behind" checks count these instead of local files. */
    @Override
    long mediaFiles() {
        try (S3Client c = S3BlobStore.client(S3.endpoint(), "us-east-1", S3StandIn.ACCESS, S3StandIn.SECRET)) {
            return c.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().count()
                    + c.listMultipartUploads(b -> b.bucket(BUCKET)).uploads().size();
        }
    }

    @Override
    byte[] storedBytes(String blobId) throws Exception {
        try (S3Client c = S3BlobStore.client(S3.endpoint(), "us-east-1", S3StandIn.ACCESS, S3StandIn.SECRET);
             InputStream in = c.getObject(b -> b.bucket(BUCKET).key(blobId))) {
            return in.readAllBytes();
        }
    }

    @Test
    void uploadsLandInTheBucketAndNotOnLocalDisk() throws Exception {
        Session alice = signUp("Alice");
        Session bob = signUp("Bob");
        long before = mediaFiles();
        byte[] content = pdf(120_000);
        String mediaId = uploadOk(alice, content);
        assertThat(mediaFiles()).isGreaterThan(before);
        String blobId = jdbc.sql("SELECT blob_id FROM media WHERE media_id = ?").param(mediaId).query(String.class).single();
        assertThat(java.nio.file.Files.exists(dataDir().resolve("media").resolve(blobId.substring(0, 2)).resolve(blobId))).isFalse();
        String chat = directChat(alice, bob);
        String messageId = sendMedia(alice, chat, "document", mediaId, false, 201).get("messageId").asString();
        String url = seenBy(bob, chat, messageId).get("media").get("url").asString();
        assertThat(get(url, null).body()).isEqualTo(content);
        Reply range = get(url, "bytes=70000-70999");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(content, 70_000, 71_000));
    }
}
