package app.cloak.media;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * GIF and WebP files built in the tests. No Java library writes WebP, so {@link #losslessWebp} writes a VP8L
 * bitstream by hand: left half red, right half blue, with "simple" prefix codes (one bit per pixel for red and
 * for blue, none for green and alpha).
 */
public final class TestImages {
    private TestImages() {}

    /** A VP8L (lossless) WebP in the simple format: RIFF, one VP8L chunk. */
    public static byte[] losslessWebp(int w, int h) {
        return riff(chunk("VP8L", vp8l(w, h)));
    }

    /**
     * An extended-format WebP (VP8X with the EXIF and XMP flags set) carrying the image, an EXIF chunk with a GPS
     * position (the JPEG tests' TIFF block) and an XMP chunk with {@code xmpSecret}.
     */
    public static byte[] webpWithMetadata(int w, int h, byte[] tiffWithGps, String xmpSecret) {
        ByteBuffer vp8x = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put((byte) (0x08 | 0x04)).put(new byte[3]);
        vp8x.put((byte) (w - 1)).put((byte) ((w - 1) >> 8)).put((byte) ((w - 1) >> 16));
        vp8x.put((byte) (h - 1)).put((byte) ((h - 1) >> 8)).put((byte) ((h - 1) >> 16));
        var body = new ByteArrayOutputStream();
        body.writeBytes(chunk("VP8X", vp8x.array()));
        body.writeBytes(chunk("VP8L", vp8l(w, h)));
        body.writeBytes(chunk("EXIF", tiffWithGps));
        body.writeBytes(chunk("XMP ", ("<x:xmpmeta xmlns:x='adobe:ns:meta/'>" + xmpSecret + "</x:xmpmeta>").getBytes(StandardCharsets.UTF_8)));
        return riff(body.toByteArray());
    }

    static byte[] riff(byte[] chunks) {
        ByteBuffer b = ByteBuffer.allocate(12 + chunks.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + chunks.length).put("WEBP".getBytes(StandardCharsets.US_ASCII)).put(chunks);
        return b.array();
    }

    static byte[] chunk(String fourcc, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload.length + (payload.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(fourcc.getBytes(StandardCharsets.US_ASCII)).putInt(payload.length).put(payload);
        return b.array();
    }

    private static byte[] vp8l(int w, int h) {
        var bits = new Bits();
        bits.put(0x2F, 8); // signature
        bits.put(w - 1, 14).put(h - 1, 14).put(0, 1).put(0, 3); // size, no alpha, version 0
        bits.put(0, 1); // no transform
        bits.put(0, 1); // no colour cache
        bits.put(0, 1); // no meta prefix codes
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // green: simple, 1 symbol, 1-bit symbol 0
        for (int i = 0; i < 2; i++) bits.put(1, 1).put(1, 1).put(1, 1).put(0, 8).put(255, 8); // red, blue: {0, 255}
        bits.put(1, 1).put(0, 1).put(1, 1).put(255, 8); // alpha: 255
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance: 0
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean red = x < w / 2;
                bits.put(red ? 1 : 0, 1).put(red ? 0 : 1, 1); // red code, blue code
            }
        }
        return bits.bytes();
    }

    /** LSB-first bit packing, as VP8L reads it. */
    private static final class Bits {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private int current;
        private int used;

        Bits put(int value, int n) {
            for (int i = 0; i < n; i++) {
                current |= ((value >> i) & 1) << used;
                if (++used == 8) {
                    out.write(current);
                    current = 0;
                    used = 0;
                }
            }
            return this;
        }

        byte[] bytes() {
            if (used > 0) out.write(current);
            used = 0;
            current = 0;
            return out.toByteArray();
        }
    }

    /**
     * A two-frame looping GIF (red, then blue) with a NETSCAPE2.0 loop block, a comment and an XMP application
     * extension holding {@code secret}.
     */
    public static byte[] gifWithMetadata(int w, int h, String secret) throws Exception {
        var writer = ImageIO.getImageWritersByFormatName("gif").next();
        var out = new ByteArrayOutputStream();
        try (var ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color c : new Color[] {Color.RED, Color.BLUE}) {
                BufferedImage frame = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                var g = frame.createGraphics();
                g.setColor(c);
                g.fillRect(0, 0, w, h);
                g.dispose();
                var type = javax.imageio.ImageTypeSpecifier.createFromRenderedImage(frame);
                var meta = writer.getDefaultImageMetadata(type, null);
                String format = meta.getNativeMetadataFormatName();
                var root = (javax.imageio.metadata.IIOMetadataNode) meta.getAsTree(format);
                var apps = new javax.imageio.metadata.IIOMetadataNode("ApplicationExtensions");
                var loop = new javax.imageio.metadata.IIOMetadataNode("ApplicationExtension");
                loop.setAttribute("applicationID", "NETSCAPE");
                loop.setAttribute("authenticationCode", "2.0");
                loop.setUserObject(new byte[] {1, 0, 0});
                apps.appendChild(loop);
                root.appendChild(apps);
                meta.setFromTree(format, root);
                writer.writeToSequence(new javax.imageio.IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        byte[] plain = out.toByteArray();
        int loop = MediaProcessingApiTest.indexOf(plain, "\u0021\u00ff\u000bNETSCAPE2.0");
        if (loop < 0) throw new AssertionError("the JDK's GIF writer wrote no loop block");
        var with = new ByteArrayOutputStream();
        with.write(plain, 0, loop);
        with.writeBytes(extension(0xFE, null, (secret + "-COMMENT").getBytes(StandardCharsets.US_ASCII)));
        with.writeBytes(extension(0xFF, "XMP DataXMP", ("<x:xmpmeta>" + secret + "-XMP</x:xmpmeta>").getBytes(StandardCharsets.US_ASCII)));
        with.write(plain, loop, plain.length - loop);
        return with.toByteArray();
    }

    /** A GIF extension block: introducer, label, [an 11-byte application id sub-block], data sub-blocks, terminator. */
    private static byte[] extension(int label, String applicationId, byte[] data) {
        var out = new ByteArrayOutputStream();
        out.write(0x21);
        out.write(label);
        if (applicationId != null) {
            out.write(applicationId.length());
            out.writeBytes(applicationId.getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < data.length; i += 255) {
            int n = Math.min(255, data.length - i);
            out.write(n);
            out.write(data, i, n);
        }
        out.write(0);
        return out.toByteArray();
    }
}
