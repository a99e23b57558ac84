package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An Ogg file's first logical stream, page by page: the first packet tells the codec; the last granule position
 * the exact length (minus Opus pre-skip); Opus packets (reassembled across pages) go to {@link OpusStream} for the
 * waveform. Vorbis gets its length only (no Vorbis decoder among our dependencies).
 */
final class OggAudio {
    /** No Opus packet is this big (120 ms at the highest rate is under 64 KiB); a bigger one is a broken file. */
    private static final int MAX_PACKET = 256 * 1024;

    private OggAudio() {}

    static AudioSummary.Result read(InputStream raw) throws IOException {
        var in = new BufferedInputStream(raw, 64 * 1024);
        long lastGranule = -1;
        long rate = 0;
        long preSkip = 0;
        long serial = 0;
        int packetNo = 0;
        OpusStream opus = null;
        var packet = new ByteArrayOutputStream();
        boolean oversized = false;
        while (true) {
            byte[] header = in.readNBytes(27);
            if (header.length < 27) break;
            if (!new String(header, 0, 4, StandardCharsets.ISO_8859_1).equals("OggS")) break;
            long pageSerial = le(header, 14, 4);
            int segments = header[26] & 0xFF;
            byte[] table = in.readNBytes(segments);
            if (table.length < segments) break;
            int body = 0;
            for (byte b : table) body += b & 0xFF;
            byte[] content = in.readNBytes(body);
            if (packetNo == 0 && packet.size() == 0) serial = pageSerial;
            if (pageSerial != serial) continue; // another logical stream (none in a voice note)
            if ((header[5] & 0x01) == 0) { // not a continuation: a half-read packet from before is dropped
                packet.reset();
                oversized = false;
            }
            int at = 0;
            for (byte lacing : table) {
                int len = lacing & 0xFF;
                if (at + len > content.length) break; // a cut file: the packet in the cut is dropped
                if (!oversized && packet.size() + len <= MAX_PACKET) packet.write(content, at, len);
                else oversized = true;
                at += len;
                if ((lacing & 0xFF) == 255) continue; // the packet goes on
                byte[] p = packet.toByteArray();
                packet.reset();
                boolean skipped = oversized;
                oversized = false;
                if (packetNo == 0) {
                    if (startsWith(p, "OpusHead") && p.length >= 19) {
                        rate = OpusStream.RATE;
                        preSkip = le(p, 10, 2);
                        // Channel mapping family 0 is mono or stereo; multichannel streams are no voice notes.
                        if (p[18] == 0) opus = new OpusStream(preSkip);
                    } else if (p.length >= 16 && p[0] == 1 && startsWith(Arrays.copyOfRange(p, 1, 7), "vorbis")) {
                        rate = le(p, 12, 4);
                    } else {
                        return AudioSummary.Result.UNDECODABLE;
                    }
                } else if (packetNo >= 2 && opus != null) { // packet 1 is OpusTags
                    if (skipped) opus.packet(new byte[0], 0, 0);
                    else opus.packet(p, 0, p.length);
                }
                packetNo++;
            }
            long granule = le(header, 6, 8);
            if (granule != -1) lastGranule = granule; // -1: no packet ends on this page
            if (content.length < body) break;
        }
        if (rate <= 0 || lastGranule < 0) return AudioSummary.Result.UNDECODABLE;
        long durationMs = Math.max(0, (lastGranule - preSkip) * 1000 / rate);
        if (opus == null) return new AudioSummary.Result(durationMs, null, AudioSummary.UNSUPPORTED_CODEC);
        return AudioSummary.withWaveform(durationMs, opus.failed(), opus.peaks());
    }

    private static long le(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) v = (v << 8) | (b[at + i] & 0xFF);
        return v;
    }

    private static boolean startsWith(byte[] b, String s) {
        byte[] p = s.getBytes(StandardCharsets.ISO_8859_1);
        return b.length >= p.length && Arrays.equals(b, 0, p.length, p, 0, p.length);
    }
}
