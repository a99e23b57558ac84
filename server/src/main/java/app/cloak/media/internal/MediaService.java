package app.cloak.media.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.media.MediaApi;
import app.cloak.media.MediaRef;
import app.cloak.platform.blobstore.BlobStore;
import app.cloak.platform.crypto.StreamCipher;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.channels.SeekableByteChannel;
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

    public record Uploaded(String mediaId, String type, String mime, String mimeType, long size, String url, String thumbnailUrl) {}

    /** A plaintext view of one upload, positioned nowhere yet; the caller closes it. */
    public record Opened(String mime, long size, boolean mayRange, SeekableByteChannel channel) {}

    private final MediaStore store;
    private final BlobStore blobs;
    private final StreamCipher cipher;
    private final DownloadSignature signature;
    private final ChatsApi chats;
    private final MediaSettings settings;
    private final Clock clock;

    MediaService(MediaStore store, BlobStore blobs, StreamCipher cipher, DownloadSignature signature, ChatsApi chats,
                 MediaSettings settings, Clock clock) {
        this.store = store;
        this.blobs = blobs;
        this.cipher = cipher;
        this.signature = signature;
        this.chats = chats;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String ingest(String ownerId, InputStream content) throws IOException {
        return upload(ownerId, content, -1).mediaId();
    }

    /**
     * Sniffs the type from the first bytes, then streams the rest through the cipher into the blob store,
     * counting: past the type's limit the partial blob is discarded and the answer is 413.
     */
    public Uploaded upload(String userId, InputStream content, long declaredSize) throws IOException {
        var in = new BufferedInputStream(content, 64 * 1024);
        in.mark(SniffedType.HEAD);
        byte[] head = in.readNBytes(SniffedType.HEAD);
        in.reset();
        SniffedType type = SniffedType.of(head).orElseThrow(() -> new ApiProblem(415, "unsupported_media_type",
                "Allowed: JPEG, PNG, GIF, WebP, MP4, WebM, Ogg/Opus, MP3, M4A, PDF (recognised from the file's bytes)"));
        long limit = settings.limitFor(type.kind());
        if (declaredSize > limit) throw tooLarge(type, limit);
        String mediaId = Ids.newId("md");
        long size;
        String blobId;
        try (BlobStore.Sink sink = blobs.create()) {
            try (OutputStream out = cipher.encrypting(sink.stream(), context(mediaId))) {
                size = copyAtMost(in, out, limit);
                if (size > limit) throw tooLarge(type, limit);
            }
            blobId = sink.commit();
        }
        try {
            store.insert(new MediaStore.StoredMedia(mediaId, blobId, userId, type.kind(), type.mime(), size, clock.millis()));
        } catch (RuntimeException e) {
            blobs.delete(blobId);
            throw e;
        }
        log.info("media uploaded mediaId={} kind={} size={}", mediaId, type.kind(), size);
        return new Uploaded(mediaId, type.kind().name().toLowerCase(Locale.ROOT), type.mime(), type.mime(), size,
                url(mediaId, userId), null);
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
        return store.byId(mediaId).filter(m -> maySee(m, viewerId))
                .map(m -> new MediaRef(m.mediaId(), m.mime(), m.size(),
                        openedViewOnce(m, viewerId) ? null : url(m.mediaId(), viewerId)));
    }

    /**
     * Checks the signature, then that the viewer may still see the upload, then view-once: a recipient's first
     * download (the first request, a range request included) is their only one; later ones are 410.
     */
    public Opened open(String mediaId, String userId, Long exp, String sig) throws IOException {
        if (userId == null || exp == null || !signature.valid(mediaId, exp, userId, sig)) {
            throw ApiProblem.forbidden("invalid_signature", "The download URL is not valid");
        }
        if (clock.instant().getEpochSecond() > exp) {
            throw ApiProblem.forbidden("url_expired", "The download URL expired; fetch the message again for a fresh one");
        }
        var media = store.byId(mediaId).orElseThrow(() -> ApiProblem.notFound("Media"));
        if (!maySee(media, userId)) throw ApiProblem.forbidden("not_allowed", "This media was not sent to you");
        boolean viewOnce = !media.uploaderId().equals(userId) && store.shares(mediaId).stream().anyMatch(MediaStore.Share::viewOnce);
        if (viewOnce && !store.firstView(mediaId, userId, clock.millis())) {
            throw new ApiProblem(410, "view_once_opened", "View-once media can be opened once");
        }
        SeekableByteChannel raw = blobs.open(media.blobId()).orElseThrow(() -> ApiProblem.notFound("Media"));
        return new Opened(media.mime(), media.size(), !viewOnce, cipher.decrypting(raw, context(mediaId)));
    }

    /** A recipient who already opened view-once media gets no more URLs for it. */
    private boolean openedViewOnce(MediaStore.StoredMedia media, String viewerId) {
        return !media.uploaderId().equals(viewerId) && store.shares(media.mediaId()).stream().anyMatch(MediaStore.Share::viewOnce)
                && store.viewed(media.mediaId(), viewerId);
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

    /** Copies until EOF or one byte past {@code limit}; returns how many bytes it copied. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
            if (total > limit) break;
        }
        Arrays.fill(buffer, (byte) 0);
        return total;
    }

    static String context(String mediaId) {
        return "media:" + mediaId;
    }
}
