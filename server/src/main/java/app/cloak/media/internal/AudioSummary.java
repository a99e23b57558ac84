package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * What a client shows for a voice note before downloading it: duration and a waveform of {@value #BARS} peaks
 * (0–100, the loudest sample in each slice relative to full scale).
 * <ul>
 *   <li>WAV (PCM, through javax.sound): duration and waveform.</li>
 *   <li>Ogg (Opus or Vorbis): exact duration from the last page's granule position (minus Opus pre-skip); no
 *   waveform: no Opus/Vorbis decoder is among our dependencies ({@code waveform_unsupported_codec}).</li>
 *   <li>MP3, M4A: neither (duration needs a decoder or a container parser we don't have).</li>
 * </ul>
 */
final class AudioSummary {
    static final int BARS = 64;

    record Result(Long durationMs, int[] waveform, String waveformUnavailableReason) {
        static final Result NONE = new Result(null, null, "waveform_unsupported_codec");
    }

    private AudioSummary() {}

    static Result of(String mime, InputStream in) throws IOException {
        return switch (mime) {
            case "audio/wav" -> wav(in);
            case "audio/ogg" -> ogg(in);
            default -> Result.NONE;
        };
    }

    static Result wav(InputStream raw) throws IOException {
        try (AudioInputStream source = AudioSystem.getAudioInputStream(new BufferedInputStream(raw, 64 * 1024))) {
            AudioFormat f = source.getFormat();
            long frames = source.getFrameLength();
            if (frames <= 0 || f.getFrameRate() <= 0) return new Result(null, null, "undecodable");
            long durationMs = Math.round(frames * 1000.0 / f.getFrameRate());
            AudioFormat pcm16 = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, f.getSampleRate(), 16, f.getChannels(),
                    f.getChannels() * 2, f.getFrameRate(), false);
            try (AudioInputStream pcm = f.matches(pcm16) ? source : AudioSystem.getAudioInputStream(pcm16, source)) {
                int[] peaks = new int[BARS];
                int frameSize = pcm16.getFrameSize();
                byte[] buffer = new byte[frameSize * 4096];
                long frame = 0;
                int n;
                while ((n = pcm.readNBytes(buffer, 0, buffer.length)) > 0) {
                    for (int i = 0; i + 1 < n; i += 2) {
                        int sample = Math.abs((short) ((buffer[i] & 0xFF) | (buffer[i + 1] << 8)));
                        int bar = (int) Math.min(BARS - 1, (frame + i / frameSize) * BARS / frames);
                        if (sample > peaks[bar]) peaks[bar] = sample;
                    }
                    frame += n / frameSize;
                }
                for (int i = 0; i < BARS; i++) peaks[i] = (int) Math.min(100, Math.round(peaks[i] * 100.0 / 32767));
                return new Result(durationMs, peaks, null);
            } catch (IllegalArgumentException e) {
                return new Result(durationMs, null, "waveform_unsupported_codec");
            }
        } catch (UnsupportedAudioFileException e) {
            return new Result(null, null, "undecodable");
        }
    }

    /** Walks the Ogg pages: the first tells the codec (and Opus pre-skip), the last granule position the length. */
    static Result ogg(InputStream raw) throws IOException {
        var in = new BufferedInputStream(raw, 64 * 1024);
        long lastGranule = -1;
        long rate = 0;
        long preSkip = 0;
        boolean first = true;
        while (true) {
            byte[] header = in.readNBytes(27);
            if (header.length < 27) break;
            if (!new String(header, 0, 4, StandardCharsets.ISO_8859_1).equals("OggS")) return new Result(null, null, "undecodable");
            long granule = le(header, 6, 8);
            int segments = header[26] & 0xFF;
            byte[] table = in.readNBytes(segments);
            if (table.length < segments) break;
            int body = 0;
            for (byte b : table) body += b & 0xFF;
            byte[] content = in.readNBytes(body);
            if (first) {
                first = false;
                if (startsWith(content, "OpusHead") && content.length >= 12) {
                    rate = 48_000;
                    preSkip = le(content, 10, 2);
                } else if (content.length >= 16 && content[0] == 1 && startsWith(Arrays.copyOfRange(content, 1, 7), "vorbis")) {
                    rate = le(content, 12, 4);
                } else {
                    return new Result(null, null, "undecodable");
                }
            }
            if (granule != -1) lastGranule = granule; // -1: no packet ends on this page
            if (content.length < body) break;
        }
        if (rate <= 0 || lastGranule < 0) return new Result(null, null, "undecodable");
        long durationMs = Math.max(0, (lastGranule - preSkip) * 1000 / rate);
        return new Result(durationMs, null, "waveform_unsupported_codec");
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
