package app.cloak.media.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client shows for a voice note before downloading it: duration and a waveform of {@value #BARS} peaks
 * (0–100, the loudest sample in each slice relative to full scale).
 * <ul>
 *   <li>WAV (PCM, through javax.sound): duration and waveform.</li>
 *   <li>Ogg/Opus ({@link OggAudio}), WebM/Opus ({@link WebmAudio}), M4A with Opus ({@link Mp4Audio}),
 *   MP3 ({@link Mp3Audio}): duration from the container or the frames, waveform from decoding (pure-Java decoders:
 *   Concentus for Opus, JLayer for MP3).</li>
 *   <li>M4A with AAC, Ogg/Vorbis: duration only ({@code waveform_unsupported_codec}); {@link FfmpegAudio} adds the
 *   waveform when ffmpeg is installed.</li>
 * </ul>
 * Decoding stops after {@link Peaks#MAX_SECONDS}: a longer file keeps its duration and gets
 * {@code waveformReason: too_long}. A file that cannot be read gets neither ({@code undecodable}); nothing in here
 * fails an upload.
 */
final class AudioSummary {
    private static final Logger log = LoggerFactory.getLogger(AudioSummary.class);
    static final int BARS = 64;
    static final String UNSUPPORTED_CODEC = "waveform_unsupported_codec";
    static final String UNDECODABLE_REASON = "undecodable";
    static final String TOO_LONG = "too_long";

    record Result(Long durationMs, int[] waveform, String waveformUnavailableReason) {
        static final Result NONE = new Result(null, null, UNSUPPORTED_CODEC);
        static final Result UNDECODABLE = new Result(null, null, UNDECODABLE_REASON);
    }

    /** Opens the upload's plaintext from its start; each call a new stream (M4A is read twice: index, then samples). */
    interface Source {
        InputStream open() throws IOException;
    }

    private AudioSummary() {}

    /** Never throws for what the file holds: a broken or hostile file is {@link Result#UNDECODABLE}. */
    static Result of(String mime, Source source) {
        try {
            return switch (mime) {
                case "audio/wav" -> read(source, AudioSummary::wav);
                case "audio/ogg" -> read(source, OggAudio::read);
                case "audio/webm" -> read(source, WebmAudio::read);
                case "audio/mpeg" -> read(source, Mp3Audio::read);
                case "audio/mp4" -> Mp4Audio.read(source);
                default -> Result.NONE;
            };
        } catch (IOException | RuntimeException | StackOverflowError e) {
            log.info("audio summary unavailable mime={} ({})", mime, e.toString());
            return Result.UNDECODABLE;
        }
    }

    private interface Reader {
        Result read(InputStream in) throws IOException;
    }

    private static Result read(Source source, Reader reader) throws IOException {
        try (InputStream in = source.open()) {
            return reader.read(in);
        }
    }

    /**
     * Skips by reading: the decrypting stream an upload is read through cannot skip (its channel knows no size
     * before the first read), and each byte has to be decrypted anyway.
     */
    static void skip(InputStream in, long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 64 * 1024)];
        while (n > 0) {
            int r = in.read(scratch, 0, (int) Math.min(n, scratch.length));
            if (r < 0) throw new java.io.EOFException();
            n -= r;
        }
    }

    /** Duration plus the waveform of what was decoded: none if decoding failed, or stopped at the cap. */
    static Result withWaveform(Long durationMs, boolean failed, Peaks peaks) {
        if (failed) return new Result(durationMs, null, UNDECODABLE_REASON);
        if (peaks.full()) return new Result(durationMs, null, TOO_LONG);
        int[] bars = peaks.bars(BARS);
        return bars == null ? new Result(durationMs, null, UNDECODABLE_REASON) : new Result(durationMs, bars, null);
    }

    static Result wav(InputStream raw) throws IOException {
        try (AudioInputStream source = AudioSystem.getAudioInputStream(new BufferedInputStream(raw, 64 * 1024))) {
            AudioFormat f = source.getFormat();
            long frames = source.getFrameLength();
            if (frames <= 0 || f.getFrameRate() <= 0) return Result.UNDECODABLE;
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
                return new Result(durationMs, null, UNSUPPORTED_CODEC);
            }
        } catch (UnsupportedAudioFileException e) {
            return Result.UNDECODABLE;
        }
    }
}
