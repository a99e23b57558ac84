package app.cloak.media.internal;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Benchmark, not a test (surefire runs only *Test classes): the thumbnail code path an image upload runs
 * ({@link ImageThumbnails#of}: EXIF orientation, subsampled decode, 320 px JPEG) on a generated photo-like JPEG,
 * timed per call in process, no HTTP, no storage, no encryption. Prints every run and the median.
 * Arguments: megapixels (12), warm-up calls (3), runs (5), calls per run (5). Command in BENCHMARKS.md.
 */
public final class ThumbnailTime {
    public static void main(String[] args) throws Exception {
        int megapixels = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        byte[] jpeg = jpeg(megapixels);
        System.out.printf("image: %d MP JPEG, %,d bytes; %d warm-up calls, %d runs of %d calls%n", megapixels, jpeg.length, warmup, runs, calls);
        for (int i = 0; i < warmup; i++) thumbnail(jpeg);
        double[] medians = new double[runs];
        for (int run = 0; run < runs; run++) {
            double[] ms = new double[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                var r = thumbnail(jpeg);
                ms[i] = (System.nanoTime() - t0) / 1e6;
                if (r.jpeg() == null) throw new IllegalStateException("no thumbnail: " + r.unavailableReason());
            }
            medians[run] = median(ms);
            System.out.printf("run %d: median %.0f ms per image (calls: %s)%n", run + 1, medians[run],
                    Arrays.toString(Arrays.stream(ms).mapToLong(Math::round).toArray()));
        }
        System.out.printf("thumbnail time per %d MP image: median of run medians %.0f ms%n", megapixels, median(medians));
    }

    private static ImageThumbnails.Result thumbnail(byte[] jpeg) throws Exception {
        return ImageThumbnails.of("image/jpeg", () -> new ByteArrayInputStream(jpeg), 100_000_000L);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** The same photo-like JPEG as the bench's media-upload scenario (gradients and noise, 4:3). */
    static byte[] jpeg(int megapixels) throws Exception {
        int w = (int) Math.round(Math.sqrt(megapixels * 1_000_000 * 4.0 / 3));
        int h = w * 3 / 4;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(30, 90, 160), w, h, new Color(230, 180, 60)));
        g.fillRect(0, 0, w, h);
        g.dispose();
        Random r = new Random(7);
        for (int i = 0; i < w * h / 8; i++) img.setRGB(r.nextInt(w), r.nextInt(h), r.nextInt(0xFFFFFF));
        var out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
