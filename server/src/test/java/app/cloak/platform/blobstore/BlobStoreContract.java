package app.cloak.platform.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What every {@link BlobStore} adapter does; each adapter's test class implements this. */
public interface BlobStoreContract {
    BlobStore store();

    /** How many committed or pending blobs the backend holds (to prove nothing is left behind). */
    long storedObjects() throws Exception;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    default void putThenOpenReturnsTheSameBytes() throws Exception {
        byte[] data = bytes(300_000, 1);
        String id = store().put(new ByteArrayInputStream(data));
        assertThat(store().size(id)).contains((long) data.length);
        try (InputStream in = store().open(id, 0, data.length).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    default void rangesReadFromAnOffsetAndStopAtTheEnd() throws Exception {
        byte[] data = bytes(10_000, 2);
        String id = store().put(new ByteArrayInputStream(data));
        try (InputStream in = store().open(id, 1234, 100).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1234, 1334));
        }
        try (InputStream in = store().open(id, 9_990, 100).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 9_990, 10_000));
        }
        try (var channel = store().open(id).orElseThrow()) {
            assertThat(channel.size()).isEqualTo(10_000);
            channel.position(5_000);
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one);
            assertThat(one.get(0)).isEqualTo(data[5_000]);
        }
    }

    @Test
    default void eachPutGetsItsOwnId() throws Exception {
        String a = store().put(new ByteArrayInputStream(new byte[] {1}));
        String b = store().put(new ByteArrayInputStream(new byte[] {1}));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    default void deleteRemovesTheBlobAndIsIdempotent() throws Exception {
        String id = store().put(new ByteArrayInputStream(bytes(100, 3)));
        store().delete(id);
        assertThat(store().open(id)).isEmpty();
        assertThat(store().size(id)).isEmpty();
        store().delete(id);
    }

    @Test
    default void unknownOrMalformedIdsAreAbsent() throws Exception {
        assertThat(store().open("no-such-blob-id-0000000")).isEmpty();
        assertThat(store().open("../../etc/passwd")).isEmpty();
        assertThat(store().size("")).isEmpty();
    }

    @Test
    default void anUncommittedSinkLeavesNothingBehind() throws Exception {
        long before = storedObjects();
        try (BlobStore.Sink sink = store().create()) {
            sink.stream().write(bytes(50_000, 4));
        }
        assertThat(storedObjects()).isEqualTo(before);
    }

    @Test
    default void aFailingSourceLeavesNothingBehind() throws Exception {
        long before = storedObjects();
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws java.io.IOException {
                if (n++ > 10_000) throw new java.io.IOException("client went away");
                return 7;
            }
        };
        try {
            store().put(failing);
        } catch (java.io.IOException expected) {
            // the point is what remains
        }
        assertThat(storedObjects()).isEqualTo(before);
    }
}
