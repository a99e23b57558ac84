package app.cloak.media.internal;

import de.sciss.jump3r.lowlevel.LameEncoder;
import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.sound.sampled.AudioFormat;

/**
 * Real audio files made in the test, never shipped: a tone that is loud for a while, then silence, encoded with
 * Concentus (Opus) or jump3r (a pure-Java LAME port, MP3), in containers written here the way recorders write
 * them: Ogg pages, a WebM with unknown-size Segment and Clusters (MediaRecorder's), an M4A either fragmented
 * (Chromium's {@code audio/mp4}) or with a plain sample table behind its {@code mdat}.
 */
public final class AudioFixtures {
    private AudioFixtures() {}

    /** {@code loudMs} of a 440 Hz tone at 80 % of full scale, then {@code silentMs} of silence; interleaved. */
    public static short[] toneThenSilence(int rate, int channels, int loudMs, int silentMs) {
        int loud = rate * loudMs / 1000;
        int frames = loud + rate * silentMs / 1000;
        short[] pcm = new short[frames * channels];
        for (int i = 0; i < loud; i++) {
            short s = (short) Math.round(Math.sin(2 * Math.PI * 440 * i / rate) * 0.8 * 32767);
            for (int c = 0; c < channels; c++) pcm[i * channels + c] = s;
        }
        return pcm;
    }

    /** Opus at 48 kHz, 20 ms packets, with the encoder's look-ahead as pre-skip (the end padded as encoders do). */
    public record Opus(List<byte[]> packets, int channels, int preSkip, long samples) {}

    public static Opus opus(short[] pcm48k, int channels) {
        try {
            var encoder = new OpusEncoder(48_000, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
            encoder.setBitrate(128_000);
            int preSkip = encoder.getLookahead();
            int frames = pcm48k.length / channels;
            int total = frames + preSkip;
            short[] padded = new short[(total + 959) / 960 * 960 * channels];
            System.arraycopy(pcm48k, 0, padded, 0, pcm48k.length);
            var packets = new ArrayList<byte[]>();
            byte[] out = new byte[4000];
            short[] frame = new short[960 * channels];
            for (int at = 0; at < padded.length; at += frame.length) {
                System.arraycopy(padded, at, frame, 0, frame.length);
                int n = encoder.encode(frame, 0, 960, out, 0, out.length);
                packets.add(java.util.Arrays.copyOf(out, n));
            }
            return new Opus(packets, channels, preSkip, frames);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] opusHead(int channels, int preSkip) {
        return ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN).put(ascii("OpusHead")).put((byte) 1)
                .put((byte) channels).putShort((short) preSkip).putInt(48_000).putShort((short) 0).put((byte) 0).array();
    }

    // ---- Ogg ----

    /**
     * An Ogg Opus file: OpusHead and OpusTags pages, then pages of at most {@code segmentsPerPage} lacing values (1
     * makes every packet over 255 bytes continue across pages), each with its granule position.
     */
    public static byte[] ogg(Opus opus, int segmentsPerPage) {
        var out = new ByteArrayOutputStream();
        int[] seq = {0};
        out.writeBytes(oggPage(2, 0, seq[0]++, List.of(opusHead(opus.channels(), opus.preSkip()))));
        byte[] tags = ByteBuffer.allocate(8 + 4 + 5 + 4).order(ByteOrder.LITTLE_ENDIAN).put(ascii("OpusTags")).putInt(5)
                .put(ascii("cloak")).putInt(0).array();
        out.writeBytes(oggPage(0, 0, seq[0]++, List.of(tags)));
        // Lay the packets out as lacing values, then cut pages.
        var segments = new ArrayList<byte[]>();
        var endsPacket = new ArrayList<Long>(); // granule after the packet that ends in that segment, or -1
        long granule = 0;
        for (byte[] p : opus.packets()) {
            int at = 0;
            while (true) {
                int len = Math.min(255, p.length - at);
                segments.add(java.util.Arrays.copyOfRange(p, at, at + len));
                at += len;
                if (len < 255) break;
                endsPacket.add(-1L);
            }
            granule += 960;
            endsPacket.add(granule);
        }
        long finalGranule = opus.preSkip() + opus.samples();
        boolean continued = false;
        for (int i = 0; i < segments.size(); i += segmentsPerPage) {
            int to = Math.min(segments.size(), i + segmentsPerPage);
            long pageGranule = -1;
            for (int s = i; s < to; s++) if (endsPacket.get(s) >= 0) pageGranule = endsPacket.get(s);
            boolean last = to == segments.size();
            if (last) pageGranule = finalGranule; // end trimming: the granule says where the audio really ends
            var page = new ByteArrayOutputStream();
            var table = new ByteArrayOutputStream();
            for (int s = i; s < to; s++) {
                table.write(segments.get(s).length);
                page.writeBytes(segments.get(s));
            }
            out.writeBytes(rawPage((continued ? 1 : 0) | (last ? 4 : 0), pageGranule, seq[0]++, table.toByteArray(), page.toByteArray()));
            continued = segments.get(to - 1).length == 255;
        }
        return out.toByteArray();
    }

    private static byte[] oggPage(int type, long granule, int seq, List<byte[]> packets) {
        var table = new ByteArrayOutputStream();
        var body = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            int left = p.length;
            while (left >= 255) {
                table.write(255);
                left -= 255;
            }
            table.write(left);
            body.writeBytes(p);
        }
        return rawPage(type, granule, seq, table.toByteArray(), body.toByteArray());
    }

    private static byte[] rawPage(int type, long granule, int seq, byte[] table, byte[] body) {
        ByteBuffer p = ByteBuffer.allocate(27 + table.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        p.put(ascii("OggS")).put((byte) 0).put((byte) type).putLong(granule).putInt(0x0C10A1).putInt(seq).putInt(0)
                .put((byte) table.length).put(table).put(body);
        byte[] page = p.array();
        int crc = 0;
        for (byte b : page) {
            crc ^= (b & 0xFF) << 24;
            for (int k = 0; k < 8; k++) crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
        }
        ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).putInt(22, crc);
        return page;
    }

    // ---- WebM ----

    /**
     * A WebM as Chromium's MediaRecorder writes {@code audio/webm;codecs=opus}: Segment and Clusters of unknown
     * size, an A_OPUS TrackEntry with OpusHead and CodecDelay, SimpleBlocks of one packet; every fifth pair of
     * packets goes in a BlockGroup as one Xiph-laced Block (as other muxers write).
     */
    public static byte[] webm(Opus opus) {
        byte[] header = ebml("1a45dfa3", concat(ebml("4286", new byte[] {1}), ebml("4282", ascii("webm")),
                ebml("4287", new byte[] {4}), ebml("4285", new byte[] {2})));
        byte[] info = ebml("1549a966", concat(ebml("2ad7b1", new byte[] {0x0f, 0x42, 0x40}), ebml("4d80", ascii("Chrome"))));
        long delayNs = opus.preSkip() * 1_000_000_000L / 48_000;
        byte[] entry = ebml("ae", concat(ebml("d7", new byte[] {1}), ebml("73c5", new byte[] {7}), ebml("83", new byte[] {2}),
                ebml("86", ascii("A_OPUS")), ebml("63a2", opusHead(opus.channels(), opus.preSkip())),
                ebml("56aa", ByteBuffer.allocate(8).putLong(delayNs).array()),
                ebml("e1", concat(ebml("9f", new byte[] {(byte) opus.channels()}), ebml("b5", ByteBuffer.allocate(4).putFloat(48_000f).array())))));
        var out = new ByteArrayOutputStream();
        out.writeBytes(header);
        out.writeBytes(ebmlUnknown("18538067"));
        out.writeBytes(info);
        out.writeBytes(ebml("1654ae6b", entry));
        List<byte[]> packets = opus.packets();
        for (int i = 0; i < packets.size(); ) {
            int clusterMs = i * 20;
            out.writeBytes(ebmlUnknown("1f43b675"));
            out.writeBytes(ebml("e7", ByteBuffer.allocate(4).putInt(clusterMs).array()));
            for (int k = 0; k < 50 && i < packets.size(); k++) {
                short rel = (short) (i * 20 - clusterMs);
                if (i % 10 == 5 && i + 1 < packets.size()) {
                    byte[] a = packets.get(i);
                    byte[] b = packets.get(i + 1);
                    var laced = new ByteArrayOutputStream();
                    laced.writeBytes(new byte[] {(byte) 0x81, (byte) (rel >> 8), (byte) rel, 0x02, 1});
                    for (int left = a.length; ; left -= 255) {
                        laced.write(Math.min(left, 255));
                        if (left < 255) break;
                    }
                    laced.writeBytes(a);
                    laced.writeBytes(b);
                    out.writeBytes(ebml("a0", ebml("a1", laced.toByteArray())));
                    i += 2;
                    k++;
                } else {
                    out.writeBytes(ebml("a3", concat(new byte[] {(byte) 0x81, (byte) (rel >> 8), (byte) rel, (byte) 0x80}, packets.get(i))));
                    i++;
                }
            }
        }
        return out.toByteArray();
    }

    static byte[] ebml(String idHex, byte[] data) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(java.util.HexFormat.of().parseHex(idHex));
        out.write(0x01);
        for (int i = 6; i >= 0; i--) out.write((int) (((long) data.length >>> (8 * i)) & 0xFF));
        out.writeBytes(data);
        return out.toByteArray();
    }

    static byte[] ebmlUnknown(String idHex) {
        return concat(java.util.HexFormat.of().parseHex(idHex), java.util.HexFormat.of().parseHex("01ffffffffffffff"));
    }

    // ---- M4A ----

    /**
     * An M4A ({@code ftyp} brand {@code M4A }) holding Opus. Fragmented: {@code moov} with an empty sample table and
     * {@code mvex}, then one {@code moof}+{@code mdat} per ten packets, as Chromium records {@code audio/mp4}
     * (with the web client's brand fix). Otherwise: {@code mdat} first, then {@code moov} with
     * {@code stts}/{@code stsz}/{@code stsc}/{@code stco} (a file that was not made "fast start").
     */
    public static byte[] m4a(Opus opus, boolean fragmented) {
        byte[] ftyp = box("ftyp", concat(ascii("M4A "), new byte[4], ascii("M4A isomiso2")));
        byte[] dops = box("dOps", ByteBuffer.allocate(11).put((byte) 0).put((byte) opus.channels()).putShort((short) opus.preSkip())
                .putInt(48_000).putShort((short) 0).put((byte) 0).array());
        byte[] entry = box("Opus", concat(ByteBuffer.allocate(28).putShort(6, (short) 1).putShort(16, (short) opus.channels())
                .putShort(18, (short) 16).putInt(24, 48_000 << 16).array(), dops));
        byte[] stsd = full("stsd", ByteBuffer.allocate(4).putInt(1).array(), entry);
        List<byte[]> packets = opus.packets();
        int mdatHeader = 8;
        int ftypLen = ftyp.length;
        byte[] tables;
        if (fragmented) {
            tables = concat(stsd, full("stts", new byte[4]), full("stsc", new byte[4]), full("stsz", new byte[8]), full("stco", new byte[4]));
        } else {
            var sizes = ByteBuffer.allocate(8 + 4 * packets.size()).putInt(0).putInt(packets.size());
            for (byte[] p : packets) sizes.putInt(p.length);
            // two chunks, to exercise stsc: the first half of the packets, then the rest
            int half = packets.size() / 2;
            long firstChunk = ftypLen + mdatHeader;
            long secondChunk = firstChunk;
            for (int i = 0; i < half; i++) secondChunk += packets.get(i).length;
            tables = concat(stsd,
                    full("stts", ByteBuffer.allocate(12).putInt(1).putInt(packets.size()).putInt(960).array()),
                    full("stsc", ByteBuffer.allocate(28).putInt(2).putInt(1).putInt(half).putInt(1)
                            .putInt(2).putInt(packets.size() - half).putInt(1).array()),
                    full("stsz", sizes.array()),
                    full("stco", ByteBuffer.allocate(12).putInt(2).putInt((int) firstChunk).putInt((int) secondChunk).array()));
        }
        long duration = fragmented ? 0 : (long) packets.size() * 960;
        byte[] mdhd = full("mdhd", ByteBuffer.allocate(20).putInt(8, 48_000).putInt(12, (int) duration).putShort(16, (short) 0x55c4).array());
        byte[] hdlr = full("hdlr", concat(new byte[4], ascii("soun"), new byte[12], ascii("SoundHandler\0")));
        byte[] minf = box("minf", concat(full("smhd", new byte[4]), box("stbl", tables)));
        byte[] tkhd = full("tkhd", ByteBuffer.allocate(80).putInt(8, 1).array(), 3);
        byte[] trak = box("trak", concat(tkhd, box("mdia", concat(mdhd, hdlr, minf))));
        byte[] mvhd = full("mvhd", ByteBuffer.allocate(96).putInt(8, 1000).putInt(92, 2).array());
        byte[] mvex = fragmented ? box("mvex", full("trex", ByteBuffer.allocate(20).putInt(1).putInt(1).array())) : new byte[0];
        byte[] moov = box("moov", concat(mvhd, trak, mvex));
        var out = new ByteArrayOutputStream();
        out.writeBytes(ftyp);
        if (fragmented) {
            out.writeBytes(moov);
            for (int i = 0, seq = 1; i < packets.size(); i += 10, seq++) {
                List<byte[]> run = packets.subList(i, Math.min(packets.size(), i + 10));
                var data = new ByteArrayOutputStream();
                int trunLen = 8 + 4 + 8 + 8 * run.size();
                int moofLen = 8 + 16 + 8 + 16 + 20 + trunLen;
                var trunBody = ByteBuffer.allocate(8 + 8 * run.size()).putInt(run.size()).putInt(moofLen + 8);
                for (byte[] p : run) {
                    trunBody.putInt(960).putInt(p.length);
                    data.writeBytes(p);
                }
                byte[] tfhd = full("tfhd", ByteBuffer.allocate(4).putInt(1).array(), 0x020000); // default-base-is-moof
                byte[] tfdt = full("tfdt", ByteBuffer.allocate(8).putLong((long) i * 960).array(), 0, 1);
                byte[] trun = full("trun", trunBody.array(), 0x000301); // data offset, sample durations and sizes
                byte[] moof = box("moof", concat(full("mfhd", ByteBuffer.allocate(4).putInt(seq).array()), box("traf", concat(tfhd, tfdt, trun))));
                if (moof.length != moofLen) throw new IllegalStateException("moof " + moof.length + " != " + moofLen);
                out.writeBytes(moof);
                out.writeBytes(box("mdat", data.toByteArray()));
            }
        } else {
            var data = new ByteArrayOutputStream();
            for (byte[] p : packets) data.writeBytes(p);
            out.writeBytes(box("mdat", data.toByteArray()));
            out.writeBytes(moov);
        }
        return out.toByteArray();
    }

    /**
     * An M4A whose tables claim four billion samples (a fixed size in {@code stsz}, one chunk of all of them in
     * {@code stsc}), followed by a fragment whose {@code trun} claims as many with no per-sample fields.
     */
    static byte[] hostileM4a() {
        byte[] ftyp = box("ftyp", concat(ascii("M4A "), new byte[4], ascii("M4A ")));
        byte[] entry = box("Opus", concat(ByteBuffer.allocate(28).putShort(6, (short) 1).putShort(16, (short) 1).array(),
                box("dOps", ByteBuffer.allocate(11).put((byte) 0).put((byte) 1).putShort((short) 312).putInt(48_000).array())));
        byte[] stbl = box("stbl", concat(full("stsd", ByteBuffer.allocate(4).putInt(1).array(), entry),
                full("stts", ByteBuffer.allocate(12).putInt(1).putInt(-1).putInt(960).array()),
                full("stsc", ByteBuffer.allocate(16).putInt(1).putInt(1).putInt(-1).putInt(1).array()),
                full("stsz", ByteBuffer.allocate(8).putInt(1).putInt(-1).array()),
                full("stco", ByteBuffer.allocate(8).putInt(1).putInt(0).array())));
        byte[] mdia = box("mdia", concat(full("mdhd", ByteBuffer.allocate(20).putInt(8, 48_000).array()),
                full("hdlr", concat(new byte[4], ascii("soun"), new byte[12])), box("minf", stbl)));
        byte[] trak = box("trak", concat(full("tkhd", ByteBuffer.allocate(80).putInt(8, 1).array()), mdia));
        byte[] moov = box("moov", concat(full("mvhd", new byte[96]), trak,
                box("mvex", full("trex", ByteBuffer.allocate(20).putInt(1).putInt(1).putInt(960).putInt(1).array()))));
        byte[] moof = box("moof", box("traf", concat(full("tfhd", ByteBuffer.allocate(4).putInt(1).array(), 0x020000),
                full("trun", ByteBuffer.allocate(4).putInt(-1).array(), 0))));
        return concat(ftyp, moov, moof, box("mdat", new byte[1000]));
    }

    static byte[] box(String type, byte[] content) {
        return concat(ByteBuffer.allocate(8).putInt(8 + content.length).put(ascii(type)).array(), content);
    }

    static byte[] full(String type, byte[] content) {
        return full(type, content, 0, 0);
    }

    static byte[] full(String type, byte[] content, int flags) {
        return full(type, content, flags, 0);
    }

    static byte[] full(String type, byte[] content, int flags, int version) {
        return box(type, concat(ByteBuffer.allocate(4).putInt(version << 24 | flags).array(), content));
    }

    static byte[] full(String type, byte[] content, byte[] more) {
        return full(type, concat(content, more));
    }

    // ---- MP3 ----

    /** MP3 from jump3r (a pure-Java port of LAME): 16-bit PCM in, CBR 128 kb/s out. */
    public static byte[] mp3(short[] pcm, int rate, int channels) {
        var format = new AudioFormat(rate, 16, channels, true, false);
        var encoder = new LameEncoder(format, 128, channels == 1 ? LameEncoder.CHANNEL_MODE_MONO : LameEncoder.CHANNEL_MODE_JOINT_STEREO,
                LameEncoder.QUALITY_MIDDLE, false);
        byte[] in = new byte[pcm.length * 2];
        ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(pcm);
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[encoder.getMP3BufferSize()];
        int chunk = encoder.getPCMBufferSize();
        for (int at = 0; at < in.length; at += chunk) {
            int n = encoder.encodeBuffer(in, at, Math.min(chunk, in.length - at), buffer);
            out.write(buffer, 0, n);
        }
        out.write(buffer, 0, encoder.encodeFinish(buffer));
        encoder.close();
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
