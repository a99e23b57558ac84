package app.cloak.media.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * Removes what a photo says about where and when it was taken, losslessly and while streaming, so what recipients
 * download carries no GPS position, camera serial, capture time or embedded preview.
 * <ul>
 *   <li>JPEG: APP1 (EXIF, XMP), APP3–APP13 (IPTC/Photoshop …), APP15 and comments are dropped; APP0 (JFIF),
 *   APP2 ICC colour profiles and APP14 (Adobe colour transform) stay, since they change how the pixels look. An EXIF
 *   orientation other than "upright" is written back as a minimal EXIF block holding only that tag.</li>
 *   <li>PNG: text chunks (tEXt, zTXt, iTXt), eXIf and tIME are dropped; everything else is copied.</li>
 *   <li>GIF: comment extensions and application extensions (XMP lives in one) are dropped, except the
 *   NETSCAPE2.0/ANIMEXTS1.0 block that says how often an animation loops; frames, palettes and graphic control
 *   extensions are copied.</li>
 *   <li>WebP (extended format, VP8X): EXIF and XMP chunks are blanked: each becomes a {@code JUNK} chunk of the same
 *   size holding zeros, and the VP8X flags no longer announce EXIF or XMP. Dropping them outright would change the
 *   RIFF size in the file's first bytes, which can only be known after the last chunk (EXIF and XMP come after the
 *   image data): that would mean holding the whole upload in memory. Decoders skip unknown chunks (WebP container
 *   spec), so the picture is unchanged. Simple-format WebP (no VP8X) cannot carry metadata and is copied.</li>
 * </ul>
 * The image data itself is copied byte for byte. Input that does not parse as expected is copied unchanged from
 * that point on (the sniffer already vouched for its first bytes). Other formats pass through untouched.
 */
final class MetadataStripper {
    private static final Set<String> PNG_DROPPED = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");
    private static final byte[] EXIF = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    private MetadataStripper() {}

    static boolean strips(String mime) {
        return mime.equals("image/jpeg") || mime.equals("image/png") || mime.equals("image/gif") || mime.equals("image/webp");
    }

    /** Copies {@code in} to {@code out} without metadata (JPEG, PNG, GIF, WebP; anything else is copied as is). */
    static void copy(String mime, InputStream in, OutputStream out) throws IOException {
        switch (mime) {
            case "image/jpeg" -> jpeg(in, out);
            case "image/png" -> png(in, out);
            case "image/gif" -> gif(in, out);
            case "image/webp" -> webp(in, out);
            default -> in.transferTo(out);
        }
    }

    static void jpeg(InputStream in, OutputStream out) throws IOException {
        byte[] soi = in.readNBytes(2);
        out.write(soi);
        if (soi.length < 2 || (soi[0] & 0xFF) != 0xFF || (soi[1] & 0xFF) != 0xD8) {
            in.transferTo(out);
            return;
        }
        while (true) {
            int ff = in.read();
            if (ff < 0) return;
            if (ff != 0xFF) {
                out.write(ff);
                in.transferTo(out);
                return;
            }
            int marker = in.read();
            while (marker == 0xFF) marker = in.read(); // fill bytes
            if (marker < 0) {
                out.write(0xFF);
                return;
            }
            // start of scan (entropy-coded data follows), end of image, or markers without a length: copy the rest
            if (marker == 0xDA || marker == 0xD9 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                out.write(0xFF);
                out.write(marker);
                in.transferTo(out);
                return;
            }
            byte[] len = in.readNBytes(2);
            if (len.length < 2) {
                out.write(0xFF);
                out.write(marker);
                out.write(len);
                return;
            }
            int length = ((len[0] & 0xFF) << 8) | (len[1] & 0xFF);
            byte[] payload = length >= 2 ? in.readNBytes(length - 2) : new byte[0];
            if (length < 2 || payload.length < length - 2) { // malformed: keep what we read, copy the rest
                out.write(0xFF);
                out.write(marker);
                out.write(len);
                out.write(payload);
                in.transferTo(out);
                return;
            }
            if (keepJpegSegment(marker, payload)) {
                out.write(0xFF);
                out.write(marker);
                out.write(len);
                out.write(payload);
            } else if (marker == 0xE1 && startsWith(payload, EXIF)) {
                int orientation = exifOrientation(payload);
                if (orientation > 1 && orientation <= 8) out.write(minimalExif(orientation));
            }
        }
    }

    private static boolean keepJpegSegment(int marker, byte[] payload) {
        if (marker == 0xE0 || marker == 0xEE) return true; // JFIF, Adobe
        if (marker == 0xE2) return startsWith(payload, ICC); // ICC profile yes; MPF previews and FlashPix no
        if (marker >= 0xE1 && marker <= 0xEF) return false; // other application segments: EXIF, XMP, IPTC, …
        return marker != 0xFE; // comments go; tables, frame headers and the rest stay
    }

    /** The Orientation tag (0x0112) of IFD0 in an APP1 EXIF payload, or 0. */
    static int exifOrientation(byte[] app1) {
        try {
            int tiff = EXIF.length;
            boolean little = app1[tiff] == 'I';
            int ifd = tiff + (int) read(app1, tiff + 4, 4, little);
            int entries = (int) read(app1, ifd, 2, little);
            for (int i = 0; i < entries; i++) {
                int e = ifd + 2 + i * 12;
                if (read(app1, e, 2, little) == 0x0112) return (int) read(app1, e + 8, 2, little);
            }
        } catch (ArrayIndexOutOfBoundsException e) {
            return 0;
        }
        return 0;
    }

    private static long read(byte[] b, int at, int n, boolean little) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int x = b[little ? at + n - 1 - i : at + i] & 0xFF;
            v = (v << 8) | x;
        }
        return v;
    }

    /** APP1 with a big-endian TIFF header and one IFD0 entry: Orientation (SHORT) = {@code orientation}. */
    static byte[] minimalExif(int orientation) {
        return new byte[] {
                (byte) 0xFF, (byte) 0xE1, 0, 34,
                'E', 'x', 'i', 'f', 0, 0,
                'M', 'M', 0, 42, 0, 0, 0, 8,
                0, 1,
                0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0,
                0, 0, 0, 0};
    }

    static void png(InputStream in, OutputStream out) throws IOException {
        byte[] signature = in.readNBytes(8);
        out.write(signature);
        if (signature.length < 8) return;
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                out.write(header);
                return;
            }
            long length = read(header, 0, 4, false);
            String type = new String(header, 4, 4, StandardCharsets.ISO_8859_1);
            if (PNG_DROPPED.contains(type)) {
                if (skipFully(in, length + 4) < 0) return;
                continue;
            }
            out.write(header);
            copyExactly(in, out, length + 4); // data and CRC
            if (type.equals("IEND")) {
                in.transferTo(out);
                return;
            }
        }
    }

    static void gif(InputStream in, OutputStream out) throws IOException {
        byte[] header = in.readNBytes(13); // "GIF89a", logical screen descriptor
        out.write(header);
        if (header.length < 13) return;
        if ((header[10] & 0x80) != 0) copyExactly(in, out, 3L << ((header[10] & 0x07) + 1)); // global colour table
        while (true) {
            int block = in.read();
            if (block < 0) return;
            if (block == 0x2C) { // image descriptor, local colour table, LZW code size, data sub-blocks
                byte[] descriptor = in.readNBytes(9);
                out.write(block);
                out.write(descriptor);
                if (descriptor.length < 9) return;
                if ((descriptor[8] & 0x80) != 0) copyExactly(in, out, 3L << ((descriptor[8] & 0x07) + 1));
                int codeSize = in.read();
                if (codeSize < 0) return;
                out.write(codeSize);
                if (!copySubBlocks(in, out)) return;
            } else if (block == 0x21) {
                int label = in.read();
                if (label < 0) {
                    out.write(block);
                    return;
                }
                if (label == 0xFE) { // comment
                    if (!skipSubBlocks(in)) return;
                } else if (label == 0xFF) { // application extension: 11-byte identifier in the first sub-block
                    int length = in.read();
                    byte[] id = length < 0 ? new byte[0] : in.readNBytes(length);
                    String name = new String(id, StandardCharsets.ISO_8859_1);
                    if (length == 11 && (name.equals("NETSCAPE2.0") || name.equals("ANIMEXTS1.0"))) {
                        out.write(block);
                        out.write(label);
                        out.write(length);
                        out.write(id);
                        if (!copySubBlocks(in, out)) return;
                    } else if (length < 0 || id.length < length || !skipSubBlocks(in)) {
                        return;
                    }
                } else { // graphic control, plain text: how the image shows
                    out.write(block);
                    out.write(label);
                    if (!copySubBlocks(in, out)) return;
                }
            } else { // trailer (0x3B) or not a block: the rest as it is
                out.write(block);
                in.transferTo(out);
                return;
            }
        }
    }

    /** Copies data sub-blocks up to and with the terminating empty one; false at the end of input. */
    private static boolean copySubBlocks(InputStream in, OutputStream out) throws IOException {
        while (true) {
            int length = in.read();
            if (length < 0) return false;
            out.write(length);
            if (length == 0) return true;
            byte[] data = in.readNBytes(length);
            out.write(data);
            if (data.length < length) return false;
        }
    }

    private static boolean skipSubBlocks(InputStream in) throws IOException {
        while (true) {
            int length = in.read();
            if (length < 0) return false;
            if (length == 0) return true;
            if (skipFully(in, length) < 0) return false;
        }
    }

    private static final byte VP8X_XMP_AND_EXIF = 0x04 | 0x08;

    static void webp(InputStream in, OutputStream out) throws IOException {
        byte[] riff = in.readNBytes(12 + 8 + 10); // RIFF size WEBP, then (extended format) the VP8X chunk
        boolean extended = riff.length == 30 && new String(riff, 12, 4, StandardCharsets.ISO_8859_1).equals("VP8X")
                && read(riff, 16, 4, true) == 10;
        if (!extended) {
            out.write(riff);
            in.transferTo(out);
            return;
        }
        riff[20] &= (byte) ~VP8X_XMP_AND_EXIF;
        out.write(riff);
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                out.write(header);
                return;
            }
            long size = read(header, 4, 4, true);
            long padded = size + (size & 1);
            String fourcc = new String(header, 0, 4, StandardCharsets.ISO_8859_1);
            if (fourcc.equals("EXIF") || fourcc.equals("XMP ")) {
                out.write(JUNK);
                out.write(header, 4, 4);
                zeros(in, out, padded);
            } else {
                out.write(header);
                copyExactly(in, out, padded);
            }
        }
    }

    private static final byte[] JUNK = "JUNK".getBytes(StandardCharsets.ISO_8859_1);

    /** Reads {@code n} bytes and writes as many zeros (fewer when the input ends first). */
    private static void zeros(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) return;
            Arrays.fill(buffer, 0, r, (byte) 0);
            out.write(buffer, 0, r);
            n -= r;
        }
    }

    private static int skipFully(InputStream in, long n) throws IOException {
        try {
            in.skipNBytes(n);
            return 0;
        } catch (EOFException e) {
            return -1;
        }
    }

    /** Copies {@code n} bytes, or everything up to the end if there are fewer. */
    private static void copyExactly(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        while (n > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
            if (r < 0) return;
            out.write(buffer, 0, r);
            n -= r;
        }
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }
}
