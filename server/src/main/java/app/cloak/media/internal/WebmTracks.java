package app.cloak.media.internal;

/**
 * Reads a WebM's (Matroska's) leading EBML elements far enough to see its tracks: EBML header, then the Segment's
 * children up to the first Cluster, descending into Tracks → TrackEntry → TrackType (1 video, 2 audio).
 */
final class WebmTracks {
    private static final long EBML = 0x1A45DFA3L;
    private static final long SEGMENT = 0x18538067L;
    private static final long TRACKS = 0x1654AE6BL;
    private static final long TRACK_ENTRY = 0xAEL;
    private static final long TRACK_TYPE = 0x83L;
    private static final long CLUSTER = 0x1F43B675L;
    private static final int VIDEO = 1;
    private static final int AUDIO = 2;

    private WebmTracks() {}

    /**
     * True only when the head holds the whole Tracks element and it lists at least one audio track and no video
     * track. Anything unclear (Tracks cut off or missing, malformed sizes) is not audio-only: it stays video.
     */
    static boolean audioOnly(byte[] head) {
        try {
            int[] pos = {0};
            long id = readId(head, pos);
            long size = readSize(head, pos);
            if (id != EBML || size < 0) return false;
            pos[0] += (int) size;
            if (readId(head, pos) != SEGMENT) return false;
            readSize(head, pos); // usually "unknown" while recording: its children run to the end
            while (pos[0] < head.length) {
                long child = readId(head, pos);
                long childSize = readSize(head, pos);
                if (child == CLUSTER || childSize < 0) return false;
                int end = pos[0] + (int) Math.min(childSize, Integer.MAX_VALUE - pos[0]);
                if (child == TRACKS) return end <= head.length && tracksAudioOnly(head, pos[0], end);
                pos[0] = end;
            }
            return false;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static boolean tracksAudioOnly(byte[] h, int from, int end) {
        boolean audio = false;
        int[] pos = {from};
        while (pos[0] < end) {
            long id = readId(h, pos);
            long size = readSize(h, pos);
            if (size < 0 || pos[0] + size > end) return false;
            int entryEnd = pos[0] + (int) size;
            if (id == TRACK_ENTRY) {
                while (pos[0] < entryEnd) {
                    long field = readId(h, pos);
                    long fieldSize = readSize(h, pos);
                    if (fieldSize < 0 || pos[0] + fieldSize > entryEnd) return false;
                    if (field == TRACK_TYPE) {
                        long type = 0;
                        for (int i = 0; i < fieldSize; i++) type = (type << 8) | (h[pos[0] + i] & 0xFF);
                        if (type == VIDEO) return false;
                        if (type == AUDIO) audio = true;
                    }
                    pos[0] += (int) fieldSize;
                }
            }
            pos[0] = entryEnd;
        }
        return audio;
    }

    /** An element id: 1–4 bytes, the length marker kept (as Matroska writes ids). Shared with {@link WebmAudio}. */
    static long readId(byte[] h, int[] pos) {
        int first = h[pos[0]] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0 || length > 4) throw new IndexOutOfBoundsException("bad id");
        long id = 0;
        for (int i = 0; i < length; i++) id = (id << 8) | (h[pos[0] + i] & 0xFF);
        pos[0] += length;
        return id;
    }

    /**
     * A data size (or a block's track number): 1–8 bytes, length marker removed; -1 for "unknown" (all value bits
     * set). Shared with {@link WebmAudio}.
     */
    static long readSize(byte[] h, int[] pos) {
        int first = h[pos[0]] & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        if (first == 0) throw new IndexOutOfBoundsException("bad size");
        long value = first & (0xFF >> length);
        boolean unknown = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int b = h[pos[0] + i] & 0xFF;
            value = (value << 8) | b;
            unknown &= b == 0xFF;
        }
        pos[0] += length;
        return unknown ? -1 : value;
    }
}
