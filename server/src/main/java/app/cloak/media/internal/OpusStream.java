package app.cloak.media.internal;

import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;

/**
 * One Opus stream's packets, from whichever container: counts their length from each packet's TOC byte (48 kHz
 * units, what Ogg granules and Matroska's CodecDelay speak) and decodes them with Concentus (a pure-Java libopus
 * port) at 16 kHz mono, which is plenty for peaks and a third of the work of 48 kHz stereo. The first
 * {@code preSkip} samples (encoder warm-up) are decoded but not counted. A packet that does not decode ends the
 * waveform ({@link #failed()}), not the length count.
 */
final class OpusStream {
    static final int RATE = 48_000;
    private static final int DECODE_RATE = 16_000;
    private static final int MAX_FRAME = DECODE_RATE * 120 / 1000; // the longest packet: 120 ms

    private final OpusDecoder decoder;
    private final Peaks peaks = new Peaks(DECODE_RATE);
    private final short[] pcm = new short[MAX_FRAME];
    private long skip;
    private long samples48k;
    private boolean failed;

    OpusStream(long preSkip48k) {
        try {
            decoder = new OpusDecoder(DECODE_RATE, 1);
        } catch (OpusException e) {
            throw new IllegalStateException(e);
        }
        this.skip = preSkip48k / (RATE / DECODE_RATE);
    }

    void packet(byte[] data, int offset, int length) {
        int duration = samples(data, offset, length);
        if (duration < 0) {
            failed = true;
            return;
        }
        samples48k += duration;
        if (failed || peaks.full()) return;
        try {
            int n = decoder.decode(data, offset, length, pcm, 0, MAX_FRAME, false);
            int from = (int) Math.min(n, skip);
            skip -= from;
            if (n > from) {
                System.arraycopy(pcm, from, pcm, 0, n - from);
                peaks.add(pcm, n - from, 1);
            }
        } catch (OpusException | RuntimeException e) {
            failed = true;
        }
    }

    /** The samples (48 kHz) all packets so far hold, pre-skip included. */
    long samples48k() {
        return samples48k;
    }

    boolean failed() {
        return failed;
    }

    Peaks peaks() {
        return peaks;
    }

    /** A packet's length in 48 kHz samples from its TOC byte (RFC 6716 §3.1), or -1 for a malformed packet. */
    static int samples(byte[] p, int offset, int length) {
        if (length < 1) return -1;
        int toc = p[offset] & 0xFF;
        int config = toc >> 3;
        int frame; // in 48 kHz samples
        if (config < 12) frame = new int[] {480, 960, 1920, 2880}[config & 3];
        else if (config < 16) frame = (config & 1) == 0 ? 480 : 960;
        else frame = new int[] {120, 240, 480, 960}[config & 3];
        int frames = switch (toc & 3) {
            case 0 -> 1;
            case 1, 2 -> 2;
            default -> length < 2 ? -1 : p[offset + 1] & 0x3F;
        };
        if (frames <= 0 || frames * frame > 5760) return -1;
        return frames * frame;
    }
}
