package app.cloak.media.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.media.MediaApi;
import app.cloak.media.MediaRef;
import app.cloak.platform.blobstore.BlobStore;
import app.cloak.platform.crypto.StreamCipher;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Uploads and downloads. Every rule about who may see which upload lives here. */
@Service
public class MediaService implements MediaApi {
    private static final Logger log = LoggerFactory.getLogger(MediaService.class);
    /** Appended to the media id in a thumbnail URL's signature, so a download URL cannot fetch the thumbnail or vice versa. */
    private static final String THUMBNAIL = "/thumbnail";

    /**
     * The upload response. {@code thumbnail}: {@code ready}, {@code unavailable} (with {@code thumbnailReason}) or
     * {@code none}; {@code width}/{@code height} for images, {@code durationMs}/{@code waveform} for audio the server
     * could read, {@code durationMs} for video when ffmpeg told it (left out otherwise).
     */
    public record Uploaded(String mediaId, String type, String mime, String mimeType, long size, String url, String thumbnailUrl,
                           String thumbnail,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String thumbnailReason,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer width,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Integer height,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Long durationMs,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> waveform,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String waveformReason) {}

    /** A plaintext view of one upload, positioned nowhere yet; the caller closes it. */
    public record Opened(String mime, long size, boolean mayRange, SeekableByteChannel channel) {}

    private final MediaStore store;
    private final BlobStore blobs;
    private final StreamCipher cipher;
    private final DownloadSignature signature;
    private final ChatsApi chats;
    private final MediaSettings settings;
    private final Clock clock;
    private final VideoFrames video;
    private final FfmpegAudio ffmpegAudio;
    private final MediaCleanup cleanup;
    private final org.springframework.transaction.support.TransactionTemplate tx;

    MediaService(MediaStore store, BlobStore blobs, StreamCipher cipher, DownloadSignature signature, ChatsApi chats,
                 MediaSettings settings, Clock clock, MediaCleanup cleanup,
                 org.springframework.transaction.support.TransactionTemplate tx) {
        this.tx = tx;
        this.store = store;
        this.blobs = blobs;
        this.cipher = cipher;
        this.signature = signature;
        this.chats = chats;
        this.settings = settings;
        this.clock = clock;
        this.cleanup = cleanup;
        this.video = new VideoFrames(settings.ffmpeg());
        this.ffmpegAudio = new FfmpegAudio(settings.ffmpeg(), video.available());
    }

    @Override
    public String ingest(String ownerId, InputStream content) throws IOException {
        return upload(ownerId, content, -1).mediaId();
    }

    /**
     * Sniffs the type from the first bytes, then streams the rest (JPEG and PNG without their metadata) through the
     * cipher into the blob store, counting: past the type's limit the partial blob is discarded and the answer is
     * 413. Then derives what clients show before downloading: thumbnail, size, duration, waveform.
     */
    public Uploaded upload(String userId, InputStream content, long declaredSize) throws IOException {
        var in = new BufferedInputStream(content, 64 * 1024);
        in.mark(SniffedType.HEAD);
        byte[] head = in.readNBytes(SniffedType.HEAD);
        in.reset();
        SniffedType type = SniffedType.of(head).orElseThrow(() -> new ApiProblem(415, "unsupported_media_type",
                "Allowed: JPEG, PNG, GIF, WebP, MP4, WebM, Ogg/Opus, MP3, M4A, WAV, PDF (recognised from the file's bytes)"));
        long limit = settings.limitFor(type.kind());
        if (declaredSize > limit) throw tooLarge(type, limit);
        String mediaId = Ids.newId("md");
        String blobId;
        long size;
        try (BlobStore.Sink sink = blobs.create()) {
            var counted = new CountingOutputStream(cipher.encrypting(sink.stream(), context(mediaId)));
            try (counted) {
                MetadataStripper.copy(type.mime(), new LimitedInputStream(in, limit, () -> tooLarge(type, limit)), counted);
            }
            size = counted.count;
            blobId = sink.commit();
        }
        MediaStore.Derived derived;
        try {
            derived = derive(mediaId, blobId, type);
            var row = new MediaStore.StoredMedia(mediaId, blobId, userId, type.kind(), type.mime(), size, clock.millis(), derived);
            tx.executeWithoutResult(status -> store.insert(row)); // writes go through transactions (SQLite: one at a time)
        } catch (IOException | RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        log.info("media uploaded mediaId={} kind={} size={} thumbnail={}", mediaId, type.kind(), size, derived.thumbnail());
        return new Uploaded(mediaId, type.kind().name().toLowerCase(Locale.ROOT), type.mime(), type.mime(), size,
                url(mediaId, userId), thumbnailUrl(mediaId, derived, userId), derived.thumbnail(), derived.thumbnailReason(),
                derived.width(), derived.height(), derived.durationMs(), derived.waveform(), derived.waveformReason());
    }

    /** Thumbnail, image size, audio duration and waveform, computed from the stored (decrypted) bytes. */
    private MediaStore.Derived derive(String mediaId, String blobId, SniffedType type) throws IOException {
        return switch (type.kind()) {
            case IMAGE -> {
                var r = ImageThumbnails.of(type.mime(), () -> plaintext(blobId, mediaId), settings.maxThumbnailPixels());
                if (r.jpeg() == null) yield new MediaStore.Derived(null, null, "unavailable", r.unavailableReason(), null, null, null, null, null);
                String thumb = storeThumbnail(mediaId, r.jpeg());
                yield new MediaStore.Derived(thumb, (long) r.jpeg().length, "ready", null, r.width(), r.height(), null, null, null);
            }
            case VIDEO -> {
                if (!video.available()) {
                    yield new MediaStore.Derived(null, null, "unavailable", VideoFrames.NOT_INSTALLED, null, null, null, null, null);
                }
                VideoFrames.Frame frame = videoFrame(mediaId, blobId);
                if (frame.jpeg() == null) {
                    yield new MediaStore.Derived(null, null, "unavailable", "undecodable", null, null, frame.durationMs(), null, null);
                }
                yield new MediaStore.Derived(storeThumbnail(mediaId, frame.jpeg()), (long) frame.jpeg().length, "ready", null,
                        null, null, frame.durationMs(), null, null);
            }
            case AUDIO -> {
                AudioSummary.Source source = () -> plaintext(blobId, mediaId);
                AudioSummary.Result r = ffmpegAudio.summary(AudioSummary.of(type.mime(), source), source);
                yield new MediaStore.Derived(null, null, "none", null, null, null, r.durationMs(),
                        r.waveform() == null ? null : Arrays.stream(r.waveform()).boxed().toList(), r.waveformUnavailableReason());
            }
            case DOCUMENT -> MediaStore.Derived.NONE;
        };
    }

    /** ffmpeg needs a seekable file: the plaintext goes to a private temp file for the moment it runs. */
    private VideoFrames.Frame videoFrame(String mediaId, String blobId) throws IOException {
        Path tmp = Files.createTempFile("cloak-video", ".bin",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (InputStream plain = plaintext(blobId, mediaId); OutputStream out = Files.newOutputStream(tmp)) {
                plain.transferTo(out);
            }
            return video.frame(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private String storeThumbnail(String mediaId, byte[] jpeg) throws IOException {
        try (BlobStore.Sink sink = blobs.create()) {
            try (OutputStream out = cipher.encrypting(sink.stream(), thumbnailContext(mediaId))) {
                out.write(jpeg);
            }
            return sink.commit();
        }
    }

    private InputStream plaintext(String blobId, String mediaId) throws IOException {
        SeekableByteChannel raw = blobs.open(blobId).orElseThrow(() -> new IOException("Blob " + blobId + " vanished"));
        return Channels.newInputStream(cipher.decrypting(raw, context(mediaId)));
    }

    @Override
    public void attach(String userId, String messageType, String mediaId, String chatId, String messageId, boolean viewOnce) {
        var media = store.byId(mediaId).filter(m -> m.uploaderId().equals(userId))
                .orElseThrow(() -> ApiProblem.badRequest("invalid_media", "mediaId must name an upload of yours"));
        if (!media.kind().fits(messageType)) {
            throw ApiProblem.badRequest("media_type_mismatch", "A " + messageType + " message cannot carry " + media.mime());
        }
        var shares = store.shares(mediaId);
        if (!shares.isEmpty() && (viewOnce || shares.stream().anyMatch(MediaStore.Share::viewOnce))) {
            throw ApiProblem.badRequest("invalid_media", "A view-once upload goes into exactly one message");
        }
        store.share(mediaId, messageId, chatId, viewOnce, clock.millis());
    }

    @Override
    public void discard(String ownerId, String mediaId) {
        var media = store.byId(mediaId).filter(m -> m.uploaderId().equals(ownerId));
        if (media.isEmpty() || !store.shares(mediaId).isEmpty()) return;
        store.delete(mediaId);
        try {
            blobs.delete(media.get().blobId());
        } catch (IOException e) {
            log.warn("discarded media blob not deleted mediaId={} ({})", mediaId, e.toString());
        }
    }

    @Override
    public void forward(String mediaId, String chatId, String messageId) {
        if (store.shares(mediaId).stream().anyMatch(MediaStore.Share::viewOnce)) {
            throw ApiProblem.badRequest("invalid_forward", "View-once media cannot be forwarded");
        }
        if (store.byId(mediaId).isPresent()) store.share(mediaId, messageId, chatId, false, clock.millis());
    }

    @Override
    public Optional<MediaRef> forViewer(String mediaId, String viewerId) {
        return store.byId(mediaId).filter(m -> maySee(m, viewerId)).map(m -> {
            boolean viewOnceRecipient = viewOnceFor(m, viewerId);
            boolean opened = viewOnceRecipient && store.viewed(m.mediaId(), viewerId);
            var d = m.derived();
            return new MediaRef(m.mediaId(), m.mime(), m.size(), opened ? null : url(m.mediaId(), viewerId),
                    viewOnceRecipient ? null : thumbnailUrl(m.mediaId(), d, viewerId), d.thumbnail(), d.thumbnailReason(),
                    d.width(), d.height(), d.durationMs(), d.waveform());
        });
    }

    /**
     * Checks the signature, then that the viewer may still see the upload, then view-once: a recipient's first
     * download (the first request, a range request included) is their only one; later ones are 410.
     */
    public Opened open(String mediaId, String userId, Long exp, String sig) throws IOException {
        var media = checked(mediaId, mediaId, userId, exp, sig);
        boolean viewOnce = !media.uploaderId().equals(userId) && store.shares(mediaId).stream().anyMatch(MediaStore.Share::viewOnce);
        if (viewOnce && !Boolean.TRUE.equals(tx.execute(status -> store.firstView(mediaId, userId, clock.millis())))) {
            throw new ApiProblem(410, "view_once_opened", "View-once media can be opened once");
        }
        SeekableByteChannel raw = blobs.open(media.blobId()).orElseThrow(() -> ApiProblem.notFound("Media"));
        return new Opened(media.mime(), media.size(), !viewOnce, cipher.decrypting(raw, context(mediaId)));
    }

    @Override
    public void released(List<String> messageIds) {
        cleanup.released(messageIds);
    }

    /**
     * The thumbnail behind a signed thumbnail URL. View-once media have none for recipients (a preview would be a
     * second look).
     */
    public Opened openThumbnail(String mediaId, String userId, Long exp, String sig) throws IOException {
        var media = checked(mediaId + THUMBNAIL, mediaId, userId, exp, sig);
        if (media.derived().thumbBlobId() == null || viewOnceFor(media, userId)) throw ApiProblem.notFound("Thumbnail");
        SeekableByteChannel raw = blobs.open(media.derived().thumbBlobId()).orElseThrow(() -> ApiProblem.notFound("Thumbnail"));
        return new Opened("image/jpeg", media.derived().thumbSize(), true, cipher.decrypting(raw, thumbnailContext(mediaId)));
    }

    private boolean viewOnceFor(MediaStore.StoredMedia media, String viewerId) {
        return !media.uploaderId().equals(viewerId) && store.shares(media.mediaId()).stream().anyMatch(MediaStore.Share::viewOnce);
    }

    private String thumbnailUrl(String mediaId, MediaStore.Derived derived, String userId) {
        if (derived.thumbBlobId() == null) return null;
        long exp = clock.instant().plus(settings.urlTtl()).getEpochSecond();
        return "/api/v1/media/" + mediaId + "/thumbnail?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&exp=" + exp
                + "&sig=" + signature.sign(mediaId + THUMBNAIL, exp, userId);
    }

    /** Signature, expiry, then whether the viewer may still see the upload. */
    private MediaStore.StoredMedia checked(String signed, String mediaId, String userId, Long exp, String sig) {
        if (userId == null || exp == null || !signature.valid(signed, exp, userId, sig)) {
            throw ApiProblem.forbidden("invalid_signature", "The download URL is not valid");
        }
        if (clock.instant().getEpochSecond() > exp) {
            throw ApiProblem.forbidden("url_expired", "The download URL expired; fetch the message again for a fresh one");
        }
        var media = store.byId(mediaId).orElseThrow(() -> ApiProblem.notFound("Media"));
        if (!maySee(media, userId)) throw ApiProblem.forbidden("not_allowed", "This media was not sent to you");
        return media;
    }

    private boolean maySee(MediaStore.StoredMedia media, String userId) {
        if (media.uploaderId().equals(userId)) return true;
        return store.shares(media.mediaId()).stream().anyMatch(s -> chats.isMember(s.chatId(), userId));
    }

    private String url(String mediaId, String userId) {
        long exp = clock.instant().plus(settings.urlTtl()).getEpochSecond();
        return "/api/v1/media/" + mediaId + "?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&exp=" + exp
                + "&sig=" + signature.sign(mediaId, exp, userId);
    }

    private static ApiProblem tooLarge(SniffedType type, long limit) {
        return new ApiProblem(413, "payload_too_large", type.mime() + " uploads are limited to " + limit + " bytes");
    }

    /** Counts what goes through (the stored size: after metadata is stripped). */
    private static final class CountingOutputStream extends java.io.FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Fails with {@code tooLarge} as soon as more than {@code limit} bytes were read. */
    private static final class LimitedInputStream extends java.io.FilterInputStream {
        private final long limit;
        private final java.util.function.Supplier<ApiProblem> tooLarge;
        private long read;

        LimitedInputStream(InputStream in, long limit, java.util.function.Supplier<ApiProblem> tooLarge) {
            super(in);
            this.limit = limit;
            this.tooLarge = tooLarge;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && ++read > limit) throw tooLarge.get();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, limit + 1 - read));
            if (n > 0) read += n;
            if (read > limit) throw tooLarge.get();
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, limit + 1 - read));
            read += skipped;
            if (read > limit) throw tooLarge.get();
            return skipped;
        }
    }

    static String context(String mediaId) {
        return "media:" + mediaId;
    }

    static String thumbnailContext(String mediaId) {
        return "media-thumb:" + mediaId;
    }
}
