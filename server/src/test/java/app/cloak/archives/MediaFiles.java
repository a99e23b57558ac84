package app.cloak.archives;

import java.util.HexFormat;
import java.util.Random;

/** Bytes the media sniffer recognises (a JPEG head, then noise). */
final class MediaFiles {
    static final byte[] JPEG = jpeg(3000);

    private MediaFiles() {}

    static byte[] jpeg(int size) {
        byte[] head = HexFormat.of().parseHex("ffd8ffe000104a464946");
        byte[] out = new byte[size];
        new Random(7).nextBytes(out);
        System.arraycopy(head, 0, out, 0, head.length);
        return out;
    }
}
