package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * M4A (ISO-BMFF audio): the first sound track of the {@code moov} box, in either layout: a plain sample table
 * ({@code stts}/{@code stsz}/{@code stsc}/{@code stco}) or fragments ({@code moof}/{@code trun}, what MediaRecorder
 * writes). Two passes, both forward only: the first walks the top-level boxes (skipping {@code mdat}) to learn the
 * codec, the samples' places and their total length; the second reads the samples in file order and decodes Opus
 * ({@code Opus}/{@code dOps}, what Chromium records as {@code audio/mp4}) with Concentus. AAC ({@code mp4a}) and
 * any other codec get their length only: the one pure-Java AAC decoder on Maven Central (JAAD, inside JCodec
 * 0.2.3/0.2.5) decodes ffmpeg's AAC-LC to silence, and no other resolves.
 */
final class Mp4Audio {
    private static final int MAX_MOOV = 32 * 1024 * 1024;
    private static final int MAX_MOOF = 4 * 1024 * 1024;
    private static final int MAX_SAMPLE = 1024 * 1024;
    /** More samples than voice notes have by far (an hour of AAC is ~170,000): past that, no waveform. */
    private static final int MAX_SAMPLES = 1_000_000;

    private Mp4Audio() {}

    /** What the first pass learns. */
    private static final class Track {
        long trackId = -1;
        long timescale;
        long headerDuration;
        String codec;
        int opusPreSkip;
        boolean opusMapped = true;
        long defaultDuration;
        long defaultSize;
        long totalDuration;
        long[] offsets = new long[256];
        int[] sizes = new int[256];
        int count;
        boolean truncated;

        void sample(long offset, long size, long duration) {
            totalDuration += duration;
            if (count == MAX_SAMPLES || size < 0 || size > MAX_SAMPLE) {
                truncated = true;
                return;
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                sizes = Arrays.copyOf(sizes, count * 2);
            }
            offsets[count] = offset;
            sizes[count++] = (int) size;
        }
    }

    static AudioSummary.Result read(AudioSummary.Source source) throws IOException {
        Track t = new Track();
        boolean sawMoov = false;
        try (var in = new Positioned(source.open())) {
            while (true) {
                long start = in.pos;
                byte[] h = in.readUpTo(8);
                if (h.length < 8) break;
                long size = u32(h, 0);
                String type = new String(h, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
                int header = 8;
                if (size == 1) {
                    size = ByteBuffer.wrap(in.read(8)).getLong();
                    header = 16;
                }
                if (size != 0 && size < header) break;
                long body = size == 0 ? -1 : size - header;
                if (type.equals("moov")) {
                    if (body < 0 || body > MAX_MOOV) return AudioSummary.Result.UNDECODABLE;
                    sawMoov = true;
                    moov(ByteBuffer.wrap(in.read((int) body)), t);
                    if (t.timescale <= 0) return AudioSummary.Result.UNDECODABLE;
                } else if (type.equals("moof") && sawMoov) {
                    if (body < 0 || body > MAX_MOOF) break;
                    moof(ByteBuffer.wrap(in.read((int) body)), start, t);
                } else if (body < 0) {
                    break; // the last box runs to the end of the file
                } else {
                    in.skip(body);
                }
            }
        } catch (EOFException | java.nio.BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            // a cut or broken file: what was read so far counts
        }
        if (!sawMoov || t.timescale <= 0) return AudioSummary.Result.UNDECODABLE;
        long units = t.totalDuration > 0 ? t.totalDuration : t.headerDuration;
        if ("Opus".equals(t.codec)) units -= (long) t.opusPreSkip * t.timescale / OpusStream.RATE;
        Long durationMs = units > 0 ? units * 1000 / t.timescale : null;
        if (t.count == 0) return new AudioSummary.Result(durationMs, null, AudioSummary.UNDECODABLE_REASON);
        return switch (t.codec == null ? "" : t.codec) {
            case "Opus" -> t.opusMapped ? opus(source, t, durationMs)
                    : new AudioSummary.Result(durationMs, null, AudioSummary.UNSUPPORTED_CODEC);
            default -> new AudioSummary.Result(durationMs, null, AudioSummary.UNSUPPORTED_CODEC);
        };
    }

    private interface SampleSink {
        /** False to stop. */
        boolean sample(byte[] data) throws IOException;
    }

    /** The second pass: each sample in file order; a sample behind the reading position ends it (not forward-only). */
    private static boolean samples(AudioSummary.Source source, Track t, SampleSink sink) throws IOException {
        try (var in = new Positioned(source.open())) {
            for (int i = 0; i < t.count; i++) {
                if (t.offsets[i] < in.pos) return false;
                in.skip(t.offsets[i] - in.pos);
                if (!sink.sample(in.read(t.sizes[i]))) return true;
            }
            return true;
        } catch (EOFException e) {
            return false;
        }
    }

    private static AudioSummary.Result opus(AudioSummary.Source source, Track t, Long durationMs) throws IOException {
        var opus = new OpusStream(t.opusPreSkip);
        boolean ok = samples(source, t, data -> {
            opus.packet(data, 0, data.length); // past the waveform cap this only counts the packet's length
            return !opus.failed();
        });
        // The packets' own lengths, as for Ogg and WebM: MediaRecorder's sample durations are wall-clock
        // timestamps that can run short of the audio by a tenth or more.
        if (ok && !opus.failed() && !t.truncated) {
            durationMs = Math.max(0, (opus.samples48k() - t.opusPreSkip) * 1000 / OpusStream.RATE);
        }
        return result(durationMs, !ok || opus.failed(), opus.peaks(), t);
    }

    private static AudioSummary.Result result(Long durationMs, boolean failed, Peaks peaks, Track t) {
        if (!failed && !peaks.full() && t.truncated) return new AudioSummary.Result(durationMs, null, AudioSummary.TOO_LONG);
        return AudioSummary.withWaveform(durationMs, failed, peaks);
    }

    // ---- moov ----

    private static void moov(ByteBuffer b, Track t) {
        for (int[] box : children(b, 0, b.limit())) {
            if (type(b, box).equals("trak") && t.codec == null) trak(b, box[1], box[2], t);
        }
        for (int[] box : children(b, 0, b.limit())) {
            if (!type(b, box).equals("mvex")) continue;
            for (int[] trex : children(b, box[1], box[2])) {
                if (!type(b, trex).equals("trex") || u32(b, trex[1] + 4) != t.trackId) continue;
                t.defaultDuration = u32(b, trex[1] + 12);
                t.defaultSize = u32(b, trex[1] + 16);
            }
        }
    }

    /** A sound track ({@code hdlr} {@code soun}): its id, time scale, codec and sample table. */
    private static void trak(ByteBuffer b, int from, int to, Track t) {
        int[] mdia = child(b, from, to, "mdia");
        int[] tkhd = child(b, from, to, "tkhd");
        if (mdia == null || tkhd == null) return;
        int[] hdlr = child(b, mdia[1], mdia[2], "hdlr");
        if (hdlr == null || !ascii(b, hdlr[1] + 8, 4).equals("soun")) return;
        int[] mdhd = child(b, mdia[1], mdia[2], "mdhd");
        int[] minf = child(b, mdia[1], mdia[2], "minf");
        int[] stbl = minf == null ? null : child(b, minf[1], minf[2], "stbl");
        if (mdhd == null || stbl == null) return;
        boolean v1 = (b.get(tkhd[1]) & 0xFF) == 1;
        t.trackId = u32(b, tkhd[1] + (v1 ? 20 : 12));
        boolean mv1 = (b.get(mdhd[1]) & 0xFF) == 1;
        t.timescale = u32(b, mdhd[1] + (mv1 ? 20 : 12));
        t.headerDuration = mv1 ? b.getLong(mdhd[1] + 24) : u32(b, mdhd[1] + 16);
        int[] stsd = child(b, stbl[1], stbl[2], "stsd");
        if (stsd != null && u32(b, stsd[1] + 4) > 0) sampleEntry(b, stsd[1] + 8, t);
        table(b, stbl, t);
    }

    private static void sampleEntry(ByteBuffer b, int at, Track t) {
        int end = at + (int) u32(b, at);
        t.codec = ascii(b, at + 4, 4);
        int version = b.getShort(at + 16) & 0xFFFF; // QuickTime sound description versions add fields
        int boxes = at + 36 + (version == 1 ? 16 : version == 2 ? 36 : 0);
        if (t.codec.equals("Opus")) {
            int[] dops = child(b, boxes, end, "dOps");
            if (dops != null) {
                t.opusPreSkip = b.getShort(dops[1] + 2) & 0xFFFF;
                t.opusMapped = b.get(dops[1] + 10) == 0;
            }
        }
    }

    /** stts (lengths), stsz (sizes), stsc (samples per chunk) and stco/co64 (chunk offsets) → the samples in order. */
    private static void table(ByteBuffer b, int[] stbl, Track t) {
        int[] stts = child(b, stbl[1], stbl[2], "stts");
        int[] stsz = child(b, stbl[1], stbl[2], "stsz");
        int[] stsc = child(b, stbl[1], stbl[2], "stsc");
        int[] stco = child(b, stbl[1], stbl[2], "stco");
        int[] co64 = child(b, stbl[1], stbl[2], "co64");
        long duration = 0;
        if (stts != null) {
            long entries = u32(b, stts[1] + 4);
            for (int i = 0; i < entries && stts[1] + 16 + 8 * i <= stts[2]; i++) {
                duration += u32(b, stts[1] + 8 + 8 * i) * u32(b, stts[1] + 12 + 8 * i);
            }
        }
        if (stsz == null || stsc == null || (stco == null && co64 == null)) {
            t.totalDuration += duration;
            return;
        }
        long fixedSize = u32(b, stsz[1] + 4);
        long sampleCount = u32(b, stsz[1] + 8);
        if (fixedSize == 0) sampleCount = Math.min(sampleCount, (stsz[2] - stsz[1] - 12) / 4);
        int[] chunks = stco != null ? stco : co64;
        long chunkCount = u32(b, chunks[1] + 4);
        chunkCount = Math.min(chunkCount, (chunks[2] - chunks[1] - 8) / (stco != null ? 4 : 8));
        long stscCount = Math.min(u32(b, stsc[1] + 4), (stsc[2] - stsc[1] - 8) / 12);
        int sample = 0;
        int entry = 0;
        for (int c = 0; c < chunkCount && sample < sampleCount && !t.truncated; c++) {
            while (entry + 1 < stscCount && u32(b, stsc[1] + 8 + 12 * (entry + 1)) <= c + 1) entry++;
            long perChunk = stscCount == 0 ? 0 : u32(b, stsc[1] + 12 + 12 * entry);
            long offset = stco != null ? u32(b, chunks[1] + 8 + 4 * c) : b.getLong(chunks[1] + 8 + 8 * c);
            for (long s = 0; s < perChunk && sample < sampleCount && !t.truncated; s++, sample++) {
                long size = fixedSize != 0 ? fixedSize : u32(b, stsz[1] + 12 + 4 * sample);
                t.sample(offset, size, 0);
                offset += size;
            }
        }
        t.totalDuration += duration;
    }

    // ---- fragments ----

    private static void moof(ByteBuffer b, long moofStart, Track t) {
        for (int[] traf : children(b, 0, b.limit())) {
            if (!type(b, traf).equals("traf")) continue;
            int[] tfhd = child(b, traf[1], traf[2], "tfhd");
            if (tfhd == null || u32(b, tfhd[1] + 4) != t.trackId) continue;
            int flags = b.getInt(tfhd[1]) & 0xFFFFFF;
            int at = tfhd[1] + 8;
            long base = moofStart;
            if ((flags & 0x01) != 0) { base = b.getLong(at); at += 8; }
            if ((flags & 0x02) != 0) at += 4;
            long duration = t.defaultDuration;
            long size = t.defaultSize;
            if ((flags & 0x08) != 0) { duration = u32(b, at); at += 4; }
            if ((flags & 0x10) != 0) size = u32(b, at);
            long next = base;
            for (int[] trun : children(b, traf[1], traf[2])) {
                if (!type(b, trun).equals("trun")) continue;
                int rf = b.getInt(trun[1]) & 0xFFFFFF;
                long count = u32(b, trun[1] + 4);
                int p = trun[1] + 8;
                if ((rf & 0x01) != 0) { next = base + b.getInt(p); p += 4; }
                if ((rf & 0x04) != 0) p += 4;
                int entry = Integer.bitCount(rf & 0xF00) * 4;
                for (long i = 0; i < count && p + entry <= trun[2]; i++) {
                    if (t.truncated) { // past the sample cap (or a hostile count): the rest only adds up
                        t.totalDuration += (count - i) * duration;
                        break;
                    }
                    long d = duration;
                    long s = size;
                    if ((rf & 0x100) != 0) { d = u32(b, p); p += 4; }
                    if ((rf & 0x200) != 0) { s = u32(b, p); p += 4; }
                    if ((rf & 0x400) != 0) p += 4;
                    if ((rf & 0x800) != 0) p += 4;
                    t.sample(next, s, d);
                    next += s;
                }
            }
        }
    }

    // ---- boxes in a buffer: {start, content start, end} ----

    private static java.util.List<int[]> children(ByteBuffer b, int from, int to) {
        var out = new java.util.ArrayList<int[]>();
        int at = from;
        while (at + 8 <= to) {
            long size = u32(b, at);
            int header = 8;
            if (size == 1) {
                size = b.getLong(at + 8);
                header = 16;
            } else if (size == 0) {
                size = to - at;
            }
            if (size < header || at + size > to) break;
            out.add(new int[] {at, at + header, (int) (at + size)});
            at += (int) size;
        }
        return out;
    }

    private static int[] child(ByteBuffer b, int from, int to, String type) {
        for (int[] box : children(b, from, to)) if (type(b, box).equals(type)) return box;
        return null;
    }

    private static String type(ByteBuffer b, int[] box) {
        return ascii(b, box[0] + 4, 4);
    }

    private static String ascii(ByteBuffer b, int at, int n) {
        byte[] s = new byte[n];
        b.get(at, s);
        return new String(s, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFFFFFFL;
    }

    private static long u32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).getInt() & 0xFFFFFFFFL;
    }

    /** A forward-only stream that knows where it is. */
    private static final class Positioned implements AutoCloseable {
        private final InputStream in;
        long pos;

        Positioned(InputStream in) {
            this.in = new BufferedInputStream(in, 64 * 1024);
        }

        byte[] readUpTo(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            pos += b.length;
            return b;
        }

        byte[] read(int n) throws IOException {
            byte[] b = readUpTo(n);
            if (b.length < n) throw new EOFException();
            return b;
        }

        void skip(long n) throws IOException {
            AudioSummary.skip(in, n);
            pos += n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
