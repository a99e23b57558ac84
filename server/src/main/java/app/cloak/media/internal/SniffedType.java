package app.cloak.media.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The allow-list: a type is recognised from its leading bytes (magic numbers), never from the file name or
 * the client's Content-Type. Anything else is refused.
 */
record SniffedType(String mime, MediaKind kind) {
    /** How many leading bytes are looked at: enough for a WebM's header, Info and Tracks elements. */
    static final int HEAD = 4096;

    static Optional<SniffedType> of(byte[] head) {
        if (starts(head, 0, 0xFF, 0xD8, 0xFF)) return type("image/jpeg", MediaKind.IMAGE);
        if (starts(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) return type("image/png", MediaKind.IMAGE);
        if (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a")) return type("image/gif", MediaKind.IMAGE);
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) return type("image/webp", MediaKind.IMAGE);
        if (ascii(head, 0, "RIFF") && ascii(head, 8, "WAVE")) return type("audio/wav", MediaKind.AUDIO);
        if (ascii(head, 4, "ftyp")) {
            return ascii(head, 8, "M4A ") ? type("audio/mp4", MediaKind.AUDIO) : type("video/mp4", MediaKind.VIDEO);
        }
        if (starts(head, 0, 0x1A, 0x45, 0xDF, 0xA3) && contains(head, "webm")) {
            // A voice note from Chromium's MediaRecorder is audio/webm;codecs=opus: WebM without a video track.
            return WebmTracks.audioOnly(head) ? type("audio/webm", MediaKind.AUDIO) : type("video/webm", MediaKind.VIDEO);
        }
        if (ascii(head, 0, "OggS")) return type("audio/ogg", MediaKind.AUDIO);
        if (ascii(head, 0, "ID3") || mpegFrame(head)) return type("audio/mpeg", MediaKind.AUDIO);
        if (ascii(head, 0, "%PDF-")) return type("application/pdf", MediaKind.DOCUMENT);
        return Optional.empty();
    }

    private static Optional<SniffedType> type(String mime, MediaKind kind) {
        return Optional.of(new SniffedType(mime, kind));
    }

    /** An MPEG audio frame header: 11 sync bits, a known version, a layer that is not reserved. */
    private static boolean mpegFrame(byte[] h) {
        return h.length >= 3 && (h[0] & 0xFF) == 0xFF && (h[1] & 0xE0) == 0xE0 && (h[1] & 0x18) != 0x08
                && (h[1] & 0x06) != 0 && (h[2] & 0xF0) != 0xF0;
    }

    private static boolean starts(byte[] h, int offset, int... bytes) {
        if (h.length < offset + bytes.length) return false;
        for (int i = 0; i < bytes.length; i++) if ((h[offset + i] & 0xFF) != bytes[i]) return false;
        return true;
    }

    private static boolean ascii(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return h.length >= offset + b.length && Arrays.equals(h, offset, offset + b.length, b, 0, b.length);
    }

    private static boolean contains(byte[] h, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + b.length <= h.length; i++) if (Arrays.equals(h, i, i + b.length, b, 0, b.length)) return true;
        return false;
    }
}
