package app.cloak.bench;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Scenario: {@code POST /api/v1/media} throughput. One user uploads the same file {@code uploads} times with
 * {@code concurrency} uploads in flight (closed loop). {@code --kind pdf}: a {@code --mib} MiB document (random bytes
 * after a PDF header: no derivation, so this is the pipeline: multipart spooling, sniffing, streaming AEAD, blob
 * store). {@code --kind jpeg}: a {@code --megapixels} photo (metadata stripping, decoding, orientation, thumbnail).
 * Reports MB/s and per-upload latency, and the server's heap after a full GC and peak RSS before and after: a server
 * that buffered whole uploads would show it there (run it with a small -Xmx to make the point).
 */
final class MediaUpload implements Main.Scenario {
    private String kind;
    private int mib;
    private int megapixels;
    private int uploads;
    private int warmupUploads;
    private int concurrency;

    @Override
    public void configure(Options o) {
        kind = o.string("kind", "pdf");
        mib = o.integer("mib", 1);
        megapixels = o.integer("megapixels", 12);
        uploads = o.integer("uploads", 20);
        warmupUploads = o.integer("warmup-uploads", 3);
        concurrency = o.integer("concurrency", 1);
        if (!kind.equals("pdf") && !kind.equals("jpeg")) throw new IllegalArgumentException("--kind is pdf or jpeg");
    }

    static byte[] pdf(int bytes) {
        byte[] b = new byte[bytes];
        new Random(42).nextBytes(b);
        byte[] head = "%PDF-1.7\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(head, 0, b, 0, head.length);
        return b;
    }

    /** A 4:3 photo-like JPEG (gradients and noise, so it compresses like a photo, not like a flat colour). */
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

    @Override
    public void run(Main.Context ctx, Report report) throws Exception {
        byte[] file = kind.equals("pdf") ? pdf(mib * 1024 * 1024) : jpeg(megapixels);
        Api.User user = ctx.signUp(1).getFirst();
        ServerProbe probe = new ServerProbe(ctx.serverPid);
        Log.info("%s of %,d bytes: %d warm-up uploads, then %d measured, %d in flight", kind, file.length, warmupUploads, uploads, concurrency);
        for (int i = 0; i < warmupUploads; i++) upload(ctx, user, file);
        ServerProbe.Snapshot before = probe.available() ? probe.snapshot() : null;

        Latencies lat = new Latencies(uploads);
        AtomicInteger next = new AtomicInteger();
        List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < concurrency; c++) {
                workers.add(pool.submit(() -> {
                    while (next.getAndIncrement() < uploads) {
                        long s = System.nanoTime();
                        String outcome = upload(ctx, user, file);
                        if (outcome == null) synchronized (lat) { lat.record(System.nanoTime() - s); }
                        else errors.add(outcome);
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) w.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ServerProbe.Snapshot after = probe.available() ? probe.snapshot() : null;
        long peakRss = probe.available() ? probe.peakRssKb() : -1;
        Latencies.Summary s = lat.summary();
        double mbPerSecond = s.count() * (double) file.length / 1e6 / seconds;

        report.put("kind", kind).put("fileBytes", file.length).put("uploads", uploads).put("concurrency", concurrency)
                .put("megabytesPerSecond", Math.round(mbPerSecond * 10) / 10.0)
                .put("uploadsPerSecond", Math.round(s.count() / seconds * 100) / 100.0)
                .put("latency", s.json()).put("errors", errors.size())
                .put("serverBefore", before == null ? null : before.json()).put("serverAfter", after == null ? null : after.json())
                .put("serverPeakRssKb", peakRss);
        report.line("file              %s, %,d bytes%s", kind, file.length, kind.equals("jpeg") ? " (" + megapixels + " MP)" : "")
                .line("uploads           %d measured after %d warm-up, %d in flight", s.count(), warmupUploads, concurrency)
                .line("throughput        %,.1f MB/s  (%,.2f uploads/s)", mbPerSecond, s.count() / seconds)
                .line("upload latency    %s", s.line())
                .line("errors            %d %s", errors.size(), errors.isEmpty() ? "" : errors.subList(0, Math.min(5, errors.size())))
                .line("server before     %s", before == null ? "n/a" : before.line())
                .line("server after      %s", after == null ? "n/a" : after.line())
                .line("server peak RSS   %,d KiB (VmHWM, whole process lifetime)", peakRss);
    }

    /** One multipart upload; null when it answered 201, else what went wrong. */
    private static String upload(Main.Context ctx, Api.User user, byte[] file) {
        String boundary = "----bench" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpRequest request = HttpRequest.newBuilder(ctx.api.base.resolve("/api/v1/media"))
                .timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + user.accessToken())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofByteArray(file), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .build();
        try {
            HttpResponse<String> r = ctx.api.http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 201 ? null : "http " + r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return e.toString();
        }
    }
}
