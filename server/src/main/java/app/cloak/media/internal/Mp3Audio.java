package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MP3 (MPEG-1/2/2.5 layer I–III) through JLayer: every frame header is read (the length is the sum of the frames'
 * samples, so VBR files come out right without trusting a Xing/Info header), and frames are decoded for the
 * waveform until {@link Peaks#MAX_SECONDS}; after that the frames are only counted.
 */
final class Mp3Audio {
    private Mp3Audio() {}

    /**
     * Steps over ID3v2 tags (cover art can make them large) by reading: JLayer would load a tag whole into memory,
     * as big as its header claims.
     */
    private static void skipId3v2(BufferedInputStream in) throws IOException {
        while (true) {
            in.mark(10);
            byte[] h = in.readNBytes(10);
            if (h.length < 10 || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
                in.reset();
                return;
            }
            long size = (h[6] & 0x7F) << 21 | (h[7] & 0x7F) << 14 | (h[8] & 0x7F) << 7 | (h[9] & 0x7F);
            if ((h[5] & 0x10) != 0) size += 10; // a footer
            AudioSummary.skip(in, size);
        }
    }

    static AudioSummary.Result read(InputStream raw) throws IOException {
        var in = new BufferedInputStream(raw, 64 * 1024);
        skipId3v2(in);
        var bits = new Bitstream(in);
        var decoder = new Decoder();
        Peaks peaks = null;
        int rate = 0;
        long samples = 0;
        boolean failed = false;
        boolean first = true;
        try {
            Header h;
            while ((h = bits.readFrame()) != null) {
                int frameSamples = h.layer() == 1 ? 384 : h.layer() == 2 || h.version() == Header.MPEG1 ? 1152 : 576;
                if (rate == 0) {
                    rate = h.frequency();
                    peaks = new Peaks(rate);
                }
                // A Xing/Info/VBRI frame heads many encoders' output: silence, and no part of the audio.
                boolean tag = first && h.vbr();
                first = false;
                if (tag) {
                    bits.closeFrame();
                    continue;
                }
                samples += frameSamples;
                if (!failed && !peaks.full()) {
                    try {
                        var out = (SampleBuffer) decoder.decodeFrame(h, bits);
                        int channels = out.getChannelCount();
                        peaks.add(out.getBuffer(), out.getBufferLength() / channels, channels);
                    } catch (DecoderException | RuntimeException e) {
                        failed = true;
                    }
                }
                bits.closeFrame();
            }
        } catch (BitstreamException e) {
            // a broken frame: what came before it counts
        } finally {
            try {
                bits.close();
            } catch (BitstreamException ignored) {
                // the caller closes the stream anyway
            }
        }
        if (rate <= 0 || samples == 0) return AudioSummary.Result.UNDECODABLE;
        return AudioSummary.withWaveform(samples * 1000 / rate, failed, peaks);
    }
}
