package app.cloak.platform.blobstore.s3;

import app.cloak.platform.blobstore.BlobStore;
import app.cloak.shared.Ids;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects in one S3-compatible bucket (cluster mode: every node sees the same media). Uploads stream:
 * up to one part ({@code partSize}, at least 5 MiB) is held in memory; a blob that outgrows it becomes a multipart
 * upload, part by part, and is visible only once the upload completes. An abandoned or failed write aborts the
 * multipart upload, so no half blob stays behind. Reads are ranged GETs; the seekable channel opens a new ranged
 * GET only when the reader jumps.
 */
public final class S3BlobStore implements BlobStore {
    /** S3 refuses parts smaller than this (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final S3Client s3;
    private final String bucket;
    private final int partSize;

    public S3BlobStore(S3Client s3, String bucket, int partSize) {
        if (partSize < MIN_PART_SIZE) throw new IllegalArgumentException("The S3 part size must be at least 5 MiB");
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    /** A client for an S3-compatible endpoint with path-style addressing (MinIO, Ceph, S3Proxy, Garage, AWS). */
    public static S3Client client(URI endpoint, String region, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    /** Creates the bucket if it does not exist yet (a fresh development setup). */
    public S3BlobStore ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) throw e;
            s3.createBucket(b -> b.bucket(bucket));
        }
        return this;
    }

    @Override
    public Sink create() {
        return new PartSink(Ids.randomToken(20));
    }

    @Override
    public Optional<SeekableByteChannel> open(String id) throws IOException {
        return size(id).map(size -> new RangedChannel(id, size));
    }

    @Override
    public Optional<InputStream> open(String id, long offset, long length) throws IOException {
        if (!valid(id)) return Optional.empty();
        if (length <= 0) return size(id).map(s -> InputStream.nullInputStream());
        try {
            return Optional.of(s3.getObject(b -> b.bucket(bucket).key(id).range("bytes=" + offset + "-" + (offset + length - 1))));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            if (e.statusCode() == 416) return Optional.of(InputStream.nullInputStream());
            throw new IOException("S3 read of " + id + " failed", e);
        }
    }

    @Override
    public Optional<Long> size(String id) throws IOException {
        if (!valid(id)) return Optional.empty();
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(id)).contentLength());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return Optional.empty();
            throw new IOException("S3 HEAD of " + id + " failed", e);
        } catch (SdkException e) {
            throw new IOException("S3 HEAD of " + id + " failed", e);
        }
    }

    @Override
    public void delete(String id) throws IOException {
        if (!valid(id)) return;
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(id));
        } catch (SdkException e) {
            throw new IOException("S3 delete of " + id + " failed", e);
        }
    }

    private static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Buffers one part; full parts go out as a multipart upload, a small blob as one PUT on commit. */
    private final class PartSink implements Sink {
        private final String id;
        private final byte[] part = new byte[partSize];
        private final List<CompletedPart> done = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean finished;

        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (finished) throw new IOException("The blob was already committed or discarded");
                while (len > 0) {
                    int n = Math.min(len, part.length - filled);
                    System.arraycopy(b, off, part, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == part.length) flushPart();
                }
            }
        };

        PartSink(String id) {
            this.id = id;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void flushPart() throws IOException {
            try {
                if (uploadId == null) uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(id)).uploadId();
                int number = done.size() + 1;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(id).uploadId(uploadId).partNumber(number)
                        .contentLength((long) filled), RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled))).eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException("S3 upload of " + id + " failed", e);
            }
        }

        @Override
        public String commit() throws IOException {
            if (finished) throw new IOException("The blob was already committed or discarded");
            try {
                if (uploadId == null) {
                    s3.putObject(b -> b.bucket(bucket).key(id).contentLength((long) filled),
                            RequestBody.fromBytes(java.util.Arrays.copyOf(part, filled)));
                } else {
                    if (filled > 0) flushPart();
                    s3.completeMultipartUpload(b -> b.bucket(bucket).key(id).uploadId(uploadId)
                            .multipartUpload(m -> m.parts(done)));
                }
            } catch (SdkException e) {
                throw new IOException("S3 upload of " + id + " failed", e);
            }
            finished = true;
            return id;
        }

        @Override
        public void close() {
            if (finished) return;
            finished = true;
            if (uploadId != null) {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(id).uploadId(uploadId));
                } catch (SdkException e) {
                    throw new UncheckedIOException(new IOException("Could not abort the S3 upload of " + id, e));
                }
            }
        }
    }

    /** A read-only channel over one object: sequential reads share one ranged GET; a jump opens the next. */
    private final class RangedChannel implements SeekableByteChannel {
        private final String id;
        private final long size;
        private long position;
        private InputStream current;
        private long currentAt = -1;
        private boolean open = true;
        private byte[] scratch = new byte[0];

        RangedChannel(String id, long size) {
            this.id = id;
            this.size = size;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) throw new ClosedChannelException();
            if (position >= size) return -1;
            if (!dst.hasRemaining()) return 0;
            if (current == null || currentAt != position) {
                closeCurrent();
                long from = position;
                try {
                    current = s3.getObject(b -> b.bucket(bucket).key(id).range("bytes=" + from + "-"));
                } catch (SdkException e) {
                    throw new IOException("S3 read of " + id + " failed", e);
                }
                currentAt = position;
            }
            int want = (int) Math.min(dst.remaining(), size - position);
            if (scratch.length < want) scratch = new byte[Math.min(Math.max(want, 8192), 1 << 20)];
            int n = current.read(scratch, 0, Math.min(want, scratch.length));
            if (n < 0) return -1;
            dst.put(scratch, 0, n);
            position += n;
            currentAt += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            throw new NonWritableChannelException();
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long newPosition) {
            if (newPosition < 0) throw new IllegalArgumentException("negative position");
            position = newPosition;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long size) {
            throw new NonWritableChannelException();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() throws IOException {
            open = false;
            closeCurrent();
        }

        private void closeCurrent() throws IOException {
            if (current != null) {
                // abort rather than drain the rest of a large object
                if (current instanceof software.amazon.awssdk.http.Abortable a) a.abort();
                current.close();
                current = null;
            }
        }
    }
}
