package app.cloak.media.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waveforms for audio the pure-Java decoders cannot decode ({@code waveform_unsupported_codec}: M4A with AAC, what
 * Safari records; Ogg/Vorbis), through an installed {@code ffmpeg}. As for video frames the plaintext goes to a
 * private temp file for the moment ffmpeg runs (an M4A may keep its index after the samples: ffmpeg has to seek),
 * deleted afterwards whatever happens. ffmpeg decodes at most {@link Peaks#MAX_SECONDS} of the first audio stream to
 * mono 16-bit PCM at {@value #RATE} Hz on stdout, which goes into {@link Peaks} as it comes. Any failure (no ffmpeg, a
 * non-zero exit, no samples, the time-out, after which the process is killed) keeps the pure-Java answer.
 */
final class FfmpegAudio {
    private static final Logger log = LoggerFactory.getLogger(FfmpegAudio.class);
    static final int RATE = 8000;
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_LOG = 4 * 1024;

    private final String ffmpeg;
    private final boolean available;
    private final Duration timeout;

    /** @param available whether {@code ffmpeg -version} ran (see {@link VideoFrames#available()}) */
    FfmpegAudio(String ffmpeg, boolean available) {
        this(ffmpeg, available, TIMEOUT);
    }

    FfmpegAudio(String ffmpeg, boolean available, Duration timeout) {
        this.ffmpeg = ffmpeg;
        this.available = available;
        this.timeout = timeout;
    }

    List<String> command(Path audio) {
        return List.of(ffmpeg, "-hide_banner", "-nostdin", "-v", "error", "-i", audio.toString(),
                "-map", "0:a:0", "-t", String.valueOf(Peaks.MAX_SECONDS), "-ac", "1", "-ar", String.valueOf(RATE),
                "-f", "s16le", "-c:a", "pcm_s16le", "pipe:1");
    }

    /**
     * {@code known} (what {@link AudioSummary#of} said) with a waveform when it said {@code waveform_unsupported_codec}
     * and ffmpeg could decode the file; otherwise {@code known} itself. Never throws.
     */
    AudioSummary.Result summary(AudioSummary.Result known, AudioSummary.Source source) {
        if (!available || !AudioSummary.UNSUPPORTED_CODEC.equals(known.waveformUnavailableReason())) return known;
        if (known.durationMs() != null && known.durationMs() > Peaks.MAX_SECONDS * 1000L) {
            return new AudioSummary.Result(known.durationMs(), null, AudioSummary.TOO_LONG); // what decoding would end in
        }
        try {
            Path tmp = Files.createTempFile("cloak-audio", ".bin",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                try (InputStream plain = source.open(); OutputStream out = Files.newOutputStream(tmp)) {
                    plain.transferTo(out);
                }
                return decode(known, tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            log.info("ffmpeg waveform unavailable ({})", e.toString());
            return known;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return known;
        }
    }

    private AudioSummary.Result decode(AudioSummary.Result known, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(file)).start();
        var timedOut = new AtomicBoolean();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    timedOut.set(true);
                    kill(p); // its stdout closes: the read below ends
                }
            } catch (InterruptedException e) {
                // decoding ended first
            }
        });
        var err = new ByteArrayOutputStream();
        Thread drain = Thread.ofVirtual().start(() -> {
            try (InputStream in = p.getErrorStream()) {
                byte[] buffer = new byte[1024];
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    synchronized (err) {
                        if (err.size() < MAX_LOG) err.write(buffer, 0, Math.min(n, MAX_LOG - err.size()));
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
        });
        try {
            p.getOutputStream().close(); // -nostdin: nothing to say to it
            var peaks = new Peaks(RATE);
            long samples = 0;
            byte[] bytes = new byte[16 * 1024];
            short[] pcm = new short[bytes.length / 2];
            try (InputStream in = p.getInputStream()) {
                int have = 0;
                for (int n; !peaks.full() && (n = in.read(bytes, have, bytes.length - have)) >= 0; ) {
                    have += n;
                    int frames = have / 2;
                    for (int i = 0; i < frames; i++) pcm[i] = (short) ((bytes[2 * i] & 0xFF) | (bytes[2 * i + 1] << 8));
                    peaks.add(pcm, frames, 1);
                    samples += frames;
                    if (have % 2 == 1) bytes[0] = bytes[have - 1]; // half a sample: the rest comes with the next read
                    have %= 2;
                }
            }
            // The cap: -t stops ffmpeg there too, whatever is left is not looked at (the process is ended below).
            if (peaks.full()) return new AudioSummary.Result(known.durationMs(), null, AudioSummary.TOO_LONG);
            boolean exited = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (timedOut.get() || !exited || p.exitValue() != 0) {
                drain.join(1000);
                synchronized (err) {
                    log.info("ffmpeg could not decode audio (timedOut={}, exit={}): {}", timedOut.get() || !exited,
                            exited ? p.exitValue() : "-", err.toString(StandardCharsets.UTF_8).strip());
                }
                return known;
            }
            int[] bars = peaks.bars(AudioSummary.BARS);
            if (bars == null) return known;
            Long durationMs = known.durationMs() != null ? known.durationMs() : samples * 1000 / RATE;
            return new AudioSummary.Result(durationMs, bars, null);
        } finally {
            if (p.isAlive()) kill(p);
            watchdog.interrupt();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }
}
