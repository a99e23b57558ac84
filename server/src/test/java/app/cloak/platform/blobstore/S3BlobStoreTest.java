package app.cloak.platform.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.platform.blobstore.s3.S3BlobStore;
import app.cloak.testing.S3StandIn;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 adapter against a real S3-compatible server: S3Proxy, started in-process on a loopback port, speaking the
 * S3 REST protocol (SigV4 auth, multipart uploads, ranged GETs) over HTTP, storing into a temp directory.
 */
class S3BlobStoreTest implements BlobStoreContract {
    static S3StandIn s3;
    static S3Client client;
    static S3BlobStore store;
    static String bucket = "cloak-test";

    @BeforeAll
    static void startS3() {
        s3 = S3StandIn.start();
        client = S3BlobStore.client(s3.endpoint(), "us-east-1", S3StandIn.ACCESS, S3StandIn.SECRET);
        store = new S3BlobStore(client, bucket, S3BlobStore.MIN_PART_SIZE).ensureBucket();
    }

    @AfterAll
    static void stopS3() throws Exception {
        if (client != null) client.close();
        if (s3 != null) s3.stop();
    }

    @Override
    public BlobStore store() {
        return store;
    }

    /** Objects plus multipart uploads still open: an abandoned upload must not linger as either. */
    @Override
    public long storedObjects() {
        long objects = client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().count();
        long pending = client.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        return objects + pending;
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aBlobLargerThanOnePartGoesUpAsAMultipartUploadAndReadsBackWhole() throws Exception {
        byte[] data = bytes(2 * S3BlobStore.MIN_PART_SIZE + 12_345, 10);
        String id = store.put(new ByteArrayInputStream(data));
        assertThat(store.size(id)).contains((long) data.length);
        try (InputStream in = store.open(id, 0, data.length).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // a range across the part boundary
        int from = S3BlobStore.MIN_PART_SIZE - 100;
        try (InputStream in = store.open(id, from, 300).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, from, from + 300));
        }
        assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
        store.delete(id);
    }

    @Test
    void anAbandonedMultipartUploadIsAborted() throws Exception {
        long before = storedObjects();
        try (BlobStore.Sink sink = store.create()) {
            sink.stream().write(bytes(S3BlobStore.MIN_PART_SIZE + 10, 11)); // one part already uploaded
            assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads()).hasSize(1);
        }
        assertThat(storedObjects()).isEqualTo(before);
    }

    @Test
    void theSeekableChannelJumpsWithRangedReads() throws Exception {
        byte[] data = bytes(100_000, 12);
        String id = store.put(new ByteArrayInputStream(data));
        try (var channel = store.open(id).orElseThrow()) {
            var buffer = java.nio.ByteBuffer.allocate(1000);
            channel.position(90_000);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) { }
            assertThat(Arrays.copyOf(buffer.array(), 1000)).isEqualTo(Arrays.copyOfRange(data, 90_000, 91_000));
            buffer.clear();
            channel.position(10);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) { }
            assertThat(buffer.array()).isEqualTo(Arrays.copyOfRange(data, 10, 1010));
            channel.position(100_000);
            assertThat(channel.read(java.nio.ByteBuffer.allocate(1))).isEqualTo(-1);
        }
    }
}
