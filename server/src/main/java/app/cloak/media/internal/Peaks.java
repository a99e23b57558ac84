package app.cloak.media.internal;

import java.util.Arrays;

/**
 * Collects decoded PCM as one peak per 10 ms block, then folds the blocks into the client's bars. Bounded: past
 * {@link #MAX_SECONDS} of audio it stops taking samples and says so ({@link #full()}), so a long file costs at most
 * that much decoding and a fixed amount of memory.
 */
final class Peaks {
    /** The most audio decoded for one waveform: voice notes are far shorter; longer files get a duration only. */
    static final int MAX_SECONDS = 5 * 60;
    private static final int BLOCKS_PER_SECOND = 100;

    private final int blockSize;
    private int[] blocks = new int[1024];
    private int count;
    private int current;
    private int inBlock;
    private boolean full;

    /** @param sampleRate frames per second of what {@link #add} gets (channels interleaved are fine: peaks don't care) */
    Peaks(int sampleRate) {
        this.blockSize = Math.max(1, sampleRate / BLOCKS_PER_SECOND);
    }

    /** Adds {@code frames} frames of interleaved 16-bit samples ({@code channels} per frame). */
    void add(short[] pcm, int frames, int channels) {
        for (int f = 0; f < frames && !full; f++) {
            for (int c = 0; c < channels; c++) {
                int s = Math.abs((int) pcm[f * channels + c]);
                if (s > current) current = s;
            }
            if (++inBlock == blockSize) flush();
        }
    }

    private void flush() {
        if (count == blocks.length) blocks = Arrays.copyOf(blocks, count * 2);
        blocks[count++] = current;
        current = 0;
        inBlock = 0;
        if (count >= MAX_SECONDS * BLOCKS_PER_SECOND) full = true;
    }

    /** True once {@link #MAX_SECONDS} of audio went in: the rest is not looked at. */
    boolean full() {
        return full;
    }

    /** {@code bars} peaks, 0–100 of full scale, spread over the audio seen; null when none was seen. */
    int[] bars(int bars) {
        if (inBlock > 0) flush();
        if (count == 0) return null;
        int[] out = new int[bars];
        for (int i = 0; i < bars; i++) {
            int from = (int) ((long) i * count / bars);
            int to = Math.max(from + 1, (int) ((long) (i + 1) * count / bars));
            int peak = 0;
            for (int b = from; b < to; b++) peak = Math.max(peak, blocks[b]);
            out[i] = (int) Math.min(100, Math.round(peak * 100.0 / 32767));
        }
        return out;
    }
}
