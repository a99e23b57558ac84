package app.cloak.media.internal;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.stream.ImageInputStream;
import net.coobird.thumbnailator.Thumbnails;

/**
 * Thumbnails of uploaded images: EXIF orientation applied (the thumbnail stands upright, whatever the camera
 * wrote), scaled to fit {@value #EDGE}×{@value #EDGE}, re-encoded as a JPEG that carries no metadata at all.
 * The image is decoded subsampled, so a 50-megapixel photo never becomes a 200 MB raster; an image with more
 * pixels than {@code maxPixels} is not decoded at all. JPEG, PNG, GIF (first frame) and WebP (lossy, lossless, first
 * frame of an animation; TwelveMonkeys' reader, registered here since the JDK has none) are read.
 */
final class ImageThumbnails {
    static final int EDGE = 320;

    /** A thumbnail, or why there is none. {@code width}/{@code height}: the image as displayed (after orientation). */
    record Result(byte[] jpeg, int width, int height, String unavailableReason) {
        static Result unavailable(String reason) {
            return new Result(null, 0, 0, reason);
        }
    }

    interface Source {
        InputStream open() throws IOException;
    }

    static {
        ImageIO.setUseCache(false); // decode from memory-bounded streams, no temp files of plaintext
        // explicitly, not through the class-path scan, whose outcome depends on the class loader of ImageIO's first use
        IIORegistry.getDefaultInstance().registerServiceProvider(new WebPImageReaderSpi());
    }

    private ImageThumbnails() {}

    static Result of(String mime, Source source, long maxPixels) throws IOException {
        int orientation = mime.equals("image/jpeg") ? orientation(source) : 1;
        try (InputStream in = source.open(); ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            var readers = ImageIO.getImageReaders(iis);
            if (iis == null || !readers.hasNext()) return Result.unavailable("undecodable");
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if ((long) w * h > maxPixels) return Result.unavailable("too_many_pixels");
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.min(w, h) / (EDGE * 2));
                if (step > 1) param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage decoded = reader.read(0, param);
                BufferedImage upright = orient(flatten(decoded), orientation);
                boolean swapped = orientation >= 5;
                var out = new ByteArrayOutputStream();
                var thumb = upright.getWidth() <= EDGE && upright.getHeight() <= EDGE
                        ? Thumbnails.of(upright).scale(1.0) // a small picture is not enlarged, only re-encoded
                        : Thumbnails.of(upright).size(EDGE, EDGE);
                thumb.outputFormat("jpg").outputQuality(0.8).toOutputStream(out);
                return new Result(out.toByteArray(), swapped ? h : w, swapped ? w : h, null);
            } catch (IOException | RuntimeException e) {
                return Result.unavailable("undecodable");
            } finally {
                reader.dispose();
            }
        }
    }

    /** EXIF orientation 1–8 (1 when absent or unreadable). */
    static int orientation(Source source) {
        try (InputStream in = source.open()) {
            var dir = ImageMetadataReader.readMetadata(in).getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                if (o >= 1 && o <= 8) return o;
            }
        } catch (Exception e) {
            return 1;
        }
        return 1;
    }

    /** Alpha over white, in RGB (JPEG has no alpha). */
    private static BufferedImage flatten(BufferedImage src) {
        if (src.getType() == BufferedImage.TYPE_INT_RGB) return src;
        BufferedImage rgb = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, src.getWidth(), src.getHeight());
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return rgb;
    }

    /** Applies an EXIF orientation: 2 mirror, 3 rotate 180°, 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 270°. */
    static BufferedImage orient(BufferedImage src, int orientation) {
        if (orientation <= 1 || orientation > 8) return src;
        int w = src.getWidth();
        int h = src.getHeight();
        boolean swap = orientation >= 5;
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> { t.translate(w, 0); t.scale(-1, 1); }
            case 3 -> { t.translate(w, h); t.rotate(Math.PI); }
            case 4 -> { t.translate(0, h); t.scale(1, -1); }
            case 5 -> { t.rotate(-Math.PI / 2); t.scale(-1, 1); }
            case 6 -> { t.translate(h, 0); t.rotate(Math.PI / 2); }
            case 7 -> { t.scale(-1, 1); t.translate(-h, 0); t.translate(0, w); t.rotate(-Math.PI / 2); }
            case 8 -> { t.translate(0, w); t.rotate(-Math.PI / 2); }
            default -> { }
        }
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, t, null);
        g.dispose();
        return out;
    }
}
