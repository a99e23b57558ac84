package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An audio-only WebM (a MediaRecorder voice note: {@code audio/webm;codecs=opus}) read as a stream, front to back:
 * Tracks says which track is Opus and its pre-skip (CodecDelay, or the OpusHead in CodecPrivate); then every
 * Cluster's SimpleBlocks and BlockGroup Blocks of that track go to {@link OpusStream}. Segment and Cluster are
 * entered rather than skipped, so the "unknown" sizes a recorder writes while it records are fine. The length is
 * the sum of the packets' lengths minus the pre-skip (Chromium writes no Duration).
 */
final class WebmAudio {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final long BLOCK_GROUP = 0xA0L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long TRACK_ENTRY = 0xAEL;
    private static final long TRACK_NUMBER = 0xD7L;
    private static final long TRACK_TYPE = 0x83L;
    private static final long CODEC_ID = 0x86L;
    private static final long CODEC_PRIVATE = 0x63A2L;
    private static final long CODEC_DELAY = 0x56AAL;
    private static final long SIMPLE_BLOCK = 0xA3L;
    private static final long BLOCK = 0xA1L;
    /** Larger Tracks or blocks are no voice note's: the file is read no further. */
    private static final int MAX_ELEMENT = 1024 * 1024;

    private WebmAudio() {}

    static AudioSummary.Result read(InputStream raw) throws IOException {
        var in = new Reader(new BufferedInputStream(raw, 64 * 1024));
        long opusTrack = -1;
        OpusStream opus = null;
        long preSkip = 0;
        boolean sawTracks = false;
        try {
            while (true) {
                long id = in.id();
                long size = in.size();
                if (id == SEGMENT || id == CLUSTER || id == BLOCK_GROUP) continue; // step inside
                if (size < 0 || size > MAX_ELEMENT && (id == TRACKS || id == SIMPLE_BLOCK || id == BLOCK)) break;
                if (id == TRACKS) {
                    sawTracks = true;
                    long[] track = opusTrack(in.bytes((int) size));
                    if (track != null) {
                        opusTrack = track[0];
                        preSkip = track[1];
                        opus = new OpusStream(preSkip);
                    }
                } else if ((id == SIMPLE_BLOCK || id == BLOCK) && opus != null) {
                    block(in.bytes((int) size), opusTrack, opus);
                } else {
                    in.skip(size);
                }
            }
        } catch (EOFException | IndexOutOfBoundsException e) {
            // the end of the file, or of what could be read of it
        }
        if (!sawTracks) return AudioSummary.Result.UNDECODABLE;
        if (opus == null) return new AudioSummary.Result(null, null, AudioSummary.UNSUPPORTED_CODEC);
        if (opus.samples48k() == 0) return AudioSummary.Result.UNDECODABLE;
        long durationMs = Math.max(0, (opus.samples48k() - preSkip) * 1000 / OpusStream.RATE);
        return AudioSummary.withWaveform(durationMs, opus.failed(), opus.peaks());
    }

    /** {track number, pre-skip in 48 kHz samples} of the first A_OPUS track with mono/stereo mapping, or null. */
    private static long[] opusTrack(byte[] tracks) {
        int[] pos = {0};
        while (pos[0] < tracks.length) {
            long id = WebmTracks.readId(tracks, pos);
            long size = WebmTracks.readSize(tracks, pos);
            if (size < 0 || pos[0] + size > tracks.length) return null;
            int end = pos[0] + (int) size;
            if (id == TRACK_ENTRY) {
                long number = -1;
                long type = 0;
                String codec = "";
                long delayNs = -1;
                byte[] head = null;
                while (pos[0] < end) {
                    long field = WebmTracks.readId(tracks, pos);
                    long fieldSize = WebmTracks.readSize(tracks, pos);
                    if (fieldSize < 0 || pos[0] + fieldSize > end) return null;
                    int at = pos[0];
                    if (field == TRACK_NUMBER) number = uint(tracks, at, (int) fieldSize);
                    else if (field == TRACK_TYPE) type = uint(tracks, at, (int) fieldSize);
                    else if (field == CODEC_ID) codec = new String(tracks, at, (int) fieldSize, StandardCharsets.US_ASCII).trim();
                    else if (field == CODEC_DELAY) delayNs = uint(tracks, at, (int) fieldSize);
                    else if (field == CODEC_PRIVATE) head = java.util.Arrays.copyOfRange(tracks, at, at + (int) fieldSize);
                    pos[0] += (int) fieldSize;
                }
                boolean stereoOrMono = head == null || head.length < 19 || head[18] == 0;
                if (type == 2 && codec.startsWith("A_OPUS") && number > 0 && stereoOrMono) {
                    long preSkip = delayNs >= 0 ? delayNs * OpusStream.RATE / 1_000_000_000L
                            : head != null && head.length >= 12 ? (head[10] & 0xFF) | (head[11] & 0xFF) << 8 : 0;
                    return new long[] {number, preSkip};
                }
            }
            pos[0] = end;
        }
        return null;
    }

    /** A (Simple)Block: track number, 16-bit timecode, flags, then one frame or a laced run of them. */
    private static void block(byte[] b, long track, OpusStream opus) {
        int[] pos = {0};
        if (WebmTracks.readSize(b, pos) != track) return;
        int flags = b[pos[0] + 2] & 0xFF;
        pos[0] += 3;
        int lacing = (flags >> 1) & 3;
        if (lacing == 0) {
            opus.packet(b, pos[0], b.length - pos[0]);
            return;
        }
        int frames = (b[pos[0]++] & 0xFF) + 1;
        int[] sizes = new int[frames];
        int known = 0;
        if (lacing == 1) { // Xiph: each size but the last as a run of 255s and a final byte
            for (int i = 0; i < frames - 1; i++) {
                int v;
                do {
                    v = b[pos[0]++] & 0xFF;
                    sizes[i] += v;
                } while (v == 255);
                known += sizes[i];
            }
        } else if (lacing == 3) { // EBML: the first size, then signed differences
            int[] p = {pos[0]};
            sizes[0] = (int) WebmTracks.readSize(b, p);
            known = sizes[0];
            for (int i = 1; i < frames - 1; i++) {
                int start = p[0];
                long raw = WebmTracks.readSize(b, p);
                int bytes = p[0] - start;
                long bias = (1L << (7 * bytes - 1)) - 1;
                sizes[i] = (int) (sizes[i - 1] + raw - bias);
                known += sizes[i];
            }
            pos[0] = p[0];
        } else { // fixed: equal parts
            int each = (b.length - pos[0]) / frames;
            for (int i = 0; i < frames - 1; i++) sizes[i] = each;
            known = each * (frames - 1);
        }
        sizes[frames - 1] = b.length - pos[0] - known;
        for (int size : sizes) {
            if (size < 0 || pos[0] + size > b.length) return;
            opus.packet(b, pos[0], size);
            pos[0] += size;
        }
    }

    private static long uint(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }

    /** The same two readings from a stream. */
    private static final class Reader {
        private final InputStream in;

        Reader(InputStream in) {
            this.in = in;
        }

        long id() throws IOException {
            int first = next();
            int length = Integer.numberOfLeadingZeros(first) - 23;
            if (first == 0 || length > 4) throw new EOFException("bad id");
            long id = first;
            for (int i = 1; i < length; i++) id = (id << 8) | next();
            return id;
        }

        long size() throws IOException {
            int first = next();
            int length = Integer.numberOfLeadingZeros(first) - 23;
            if (first == 0) throw new EOFException("bad size");
            long value = first & (0xFF >> length);
            boolean unknown = value == (0xFF >> length);
            for (int i = 1; i < length; i++) {
                int b = next();
                value = (value << 8) | b;
                unknown &= b == 0xFF;
            }
            return unknown ? -1 : value;
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) throw new EOFException();
            return b;
        }

        void skip(long n) throws IOException {
            AudioSummary.skip(in, n);
        }

        private int next() throws IOException {
            int b = in.read();
            if (b < 0) throw new EOFException();
            return b;
        }
    }
}
