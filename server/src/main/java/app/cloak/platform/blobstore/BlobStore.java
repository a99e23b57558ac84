package app.cloak.platform.blobstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.util.Optional;

/**
 * Opaque byte storage for media (local files by default; S3-compatible in cluster mode later). Blobs are
 * written once through a {@link Sink} and never changed; ids are chosen by the store.
 */
public interface BlobStore {

    /** A blob being written: bytes go to {@link #stream()}; nothing is visible until {@link #commit()}. */
    interface Sink extends AutoCloseable {
        OutputStream stream();

        /** Makes the blob durable and visible; returns its id. */
        String commit() throws IOException;

        /** Without a commit, discards everything written (nothing is left behind). */
        @Override
        void close();
    }

    Sink create() throws IOException;

    /** Streams {@code content} into a new blob (never buffered whole in memory). */
    default String put(InputStream content) throws IOException {
        try (Sink sink = create()) {
            content.transferTo(sink.stream());
            return sink.commit();
        }
    }

    /** The whole blob, read-only and seekable (range reads position the channel). */
    Optional<SeekableByteChannel> open(String id) throws IOException;

    /** {@code length} bytes from {@code offset} (fewer at the end of the blob). */
    default Optional<InputStream> open(String id, long offset, long length) throws IOException {
        var channel = open(id);
        if (channel.isEmpty()) return Optional.empty();
        var c = channel.get();
        c.position(offset);
        return Optional.of(new RangeInputStream(c, length));
    }

    Optional<Long> size(String id) throws IOException;

    /** Removes the blob; a missing id is not an error. */
    void delete(String id) throws IOException;
}
