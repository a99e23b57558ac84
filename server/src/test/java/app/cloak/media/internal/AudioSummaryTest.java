package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Duration and waveform of real encoded audio, made here: 1 s of a loud tone, then 1 s of silence, so the first
 * half of the bars must be high and the second half low; then broken files, which must give no summary and never
 * an exception or a hang.
 */
class AudioSummaryTest {
    private static final AudioFixtures.Opus MONO = AudioFixtures.opus(AudioFixtures.toneThenSilence(48_000, 1, 1000, 1000), 1);
    private static final AudioFixtures.Opus STEREO = AudioFixtures.opus(AudioFixtures.toneThenSilence(48_000, 2, 1000, 1000), 2);

    static AudioSummary.Result summary(String mime, byte[] file) {
        return AudioSummary.of(mime, () -> new ByteArrayInputStream(file));
    }

    /** Loud while the tone plays (80 % of full scale), near zero after; the bar at the edge may hold either. */
    static void toneThenSilence(AudioSummary.Result r, long expectedMs, long toleranceMs) {
        assertThat(r.waveformUnavailableReason()).isNull();
        assertThat(r.durationMs()).isBetween(expectedMs - toleranceMs, expectedMs + toleranceMs);
        int[] bars = r.waveform();
        assertThat(bars).hasSize(64);
        for (int i = 1; i < 29; i++) assertThat(bars[i]).as("bar %d of %s", i, Arrays.toString(bars)).isBetween(55, 100);
        for (int i = 36; i < 64; i++) assertThat(bars[i]).as("bar %d of %s", i, Arrays.toString(bars)).isLessThanOrEqualTo(3);
    }

    @Test
    void oggOpusMonoAndStereoGetTheExactDurationAndAWaveformThatFollowsTheSignal() {
        toneThenSilence(summary("audio/ogg", AudioFixtures.ogg(MONO, 20)), 2000, 0);
        toneThenSilence(summary("audio/ogg", AudioFixtures.ogg(STEREO, 20)), 2000, 0);
    }

    @Test
    void oggPacketsThatContinueAcrossPagesAreReassembled() {
        // 128 kb/s: the tone's 20 ms packets are ~320 bytes; with one lacing value per page each spans two pages.
        assertThat(STEREO.packets().stream().filter(p -> p.length > 255).count()).isGreaterThan(30);
        toneThenSilence(summary("audio/ogg", AudioFixtures.ogg(STEREO, 1)), 2000, 0);
    }

    @Test
    void webmOpusAsMediaRecorderWritesItWithUnknownSizesAndLacedBlocks() {
        // The packets' total minus the pre-skip: the padding the encoder adds to the last packet stays (< 20 ms).
        toneThenSilence(summary("audio/webm", AudioFixtures.webm(MONO)), 2000, 20);
        toneThenSilence(summary("audio/webm", AudioFixtures.webm(STEREO)), 2000, 20);
    }

    @Test
    void m4aOpusFragmentedAsChromiumRecordsItAndWithASampleTableAfterTheData() {
        toneThenSilence(summary("audio/mp4", AudioFixtures.m4a(MONO, true)), 2000, 20);
        toneThenSilence(summary("audio/mp4", AudioFixtures.m4a(STEREO, false)), 2000, 20);
    }

    @Test
    void mp3MonoAndStereoGetDurationFromTheirFramesAndADecodedWaveform() {
        byte[] mono = AudioFixtures.mp3(AudioFixtures.toneThenSilence(44_100, 1, 1000, 1000), 44_100, 1);
        byte[] stereo = AudioFixtures.mp3(AudioFixtures.toneThenSilence(44_100, 2, 1000, 1000), 44_100, 2);
        // MP3 frames hold 1152 samples: the encoder's delay and padding add up to ~2 frames (52 ms)
        toneThenSilence(summary("audio/mpeg", mono), 2030, 60);
        toneThenSilence(summary("audio/mpeg", stereo), 2030, 60);
    }

    @Test
    void vorbisInOggAndAacInM4aStillGetNoWaveformAndSayWhy() {
        // An Ogg whose first packet is a Vorbis identification header: duration from the granule, no decoder.
        byte[] ident = new byte[30];
        ident[0] = 1;
        System.arraycopy(AudioFixtures.ascii("vorbis"), 0, ident, 1, 6);
        ident[11] = 1;
        java.nio.ByteBuffer.wrap(ident).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(12, 44_100);
        byte[] ogg = AudioFixtures.concat(page(2, 0, 0, ident), page(4, 88_200, 1, new byte[40]));
        var vorbis = summary("audio/ogg", ogg);
        assertThat(vorbis.durationMs()).isEqualTo(2000);
        assertThat(vorbis.waveform()).isNull();
        assertThat(vorbis.waveformUnavailableReason()).isEqualTo("waveform_unsupported_codec");

        byte[] aac = AudioFixtures.m4a(MONO, false);
        replace(aac, "Opus", "mp4a");
        var m4a = summary("audio/mp4", aac);
        assertThat(m4a.durationMs()).isEqualTo(101 * 960 * 1000L / 48_000); // mdhd/stts: no pre-skip known for AAC
        assertThat(m4a.waveform()).isNull();
        assertThat(m4a.waveformUnavailableReason()).isEqualTo("waveform_unsupported_codec");
    }

    @Test
    void brokenFilesGiveNoSummaryAndNeverThrowOrHang() {
        var random = new Random(6);
        var shortNote = AudioFixtures.opus(AudioFixtures.toneThenSilence(48_000, 2, 200, 100), 2);
        byte[][] files = {AudioFixtures.ogg(shortNote, 3), AudioFixtures.webm(shortNote), AudioFixtures.m4a(shortNote, true),
                AudioFixtures.m4a(shortNote, false), AudioFixtures.mp3(AudioFixtures.toneThenSilence(44_100, 1, 200, 100), 44_100, 1)};
        String[] mimes = {"audio/ogg", "audio/webm", "audio/mp4", "audio/mp4", "audio/mpeg"};
        for (int f = 0; f < files.length; f++) {
            String mime = mimes[f];
            // Cut anywhere, or with bytes changed at random: a result, quickly, whatever it says.
            for (int i = 0; i < 30; i++) {
                byte[] cut = Arrays.copyOf(files[f], random.nextInt(files[f].length));
                byte[] mangled = files[f].clone();
                for (int k = 0; k < 1 + random.nextInt(20); k++) mangled[random.nextInt(mangled.length)] = (byte) random.nextInt(256);
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                    assertThat(summary(mime, cut)).isNotNull();
                    assertThat(summary(mime, mangled)).isNotNull();
                });
            }
            // Nothing but noise after the magic bytes: no duration, no waveform.
            byte[] noise = new byte[20_000];
            random.nextBytes(noise);
            System.arraycopy(files[f], 0, noise, 0, 8);
            var r = summary(mime, noise);
            assertThat(r.waveform()).as(mime).isNull();
            assertThat(r.waveformUnavailableReason()).as(mime).isEqualTo("undecodable");
        }
    }

    @Test
    void anM4aClaimingBillionsOfSamplesIsReadInBoundedTimeAndMemory() {
        var r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> summary("audio/mp4", AudioFixtures.hostileM4a()));
        assertThat(r.waveform()).isNull();
        assertThat(r.waveformUnavailableReason()).isIn("too_long", "undecodable");
    }

    @Test
    void theWaveformStopsAtTheCapAndSaysTooLong() {
        var peaks = new Peaks(16_000);
        short[] second = new short[16_000];
        Arrays.fill(second, (short) 16_000);
        for (int s = 0; s < Peaks.MAX_SECONDS - 1; s++) peaks.add(second, 16_000, 1);
        assertThat(peaks.full()).isFalse();
        assertThat(AudioSummary.withWaveform(1000L, false, peaks).waveform()).containsOnly(49);
        peaks.add(second, 16_000, 1);
        peaks.add(second, 16_000, 1);
        assertThat(peaks.full()).isTrue();
        var r = AudioSummary.withWaveform(1_000_000L, false, peaks);
        assertThat(r.durationMs()).isEqualTo(1_000_000L);
        assertThat(r.waveform()).isNull();
        assertThat(r.waveformUnavailableReason()).isEqualTo("too_long");
    }

    @Test
    void aVeryShortNoteStillFillsEveryBar() {
        var peaks = new Peaks(1000);
        short[] pcm = new short[200]; // 0.2 s: 20 blocks for 64 bars
        for (int i = 100; i < 200; i++) pcm[i] = 32767;
        peaks.add(pcm, 200, 1);
        int[] bars = peaks.bars(64);
        assertThat(bars).hasSize(64);
        assertThat(bars[0]).isZero();
        assertThat(bars[63]).isEqualTo(100);
    }

    private static byte[] page(int type, long granule, int seq, byte[] packet) {
        var p = java.nio.ByteBuffer.allocate(28 + packet.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        p.put(AudioFixtures.ascii("OggS")).put((byte) 0).put((byte) type).putLong(granule).putInt(1).putInt(seq).putInt(0)
                .put((byte) 1).put((byte) packet.length).put(packet);
        return p.array();
    }

    private static void replace(byte[] b, String from, String to) {
        byte[] f = AudioFixtures.ascii(from);
        for (int i = 0; i + f.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + f.length, f, 0, f.length)) System.arraycopy(AudioFixtures.ascii(to), 0, b, i, f.length);
        }
    }
}
