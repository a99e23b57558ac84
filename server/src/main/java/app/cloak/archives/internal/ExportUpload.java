package app.cloak.archives.internal;

import app.cloak.shared.ApiProblem;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * An uploaded export: a chat text, or a zip holding one plus media. The upload is read as a stream, several times
 * (the servlet container spooled it to a temp file): first to check every entry against the limits (path
 * traversal, entry count, per-entry and total unpacked size, compression ratio) and to hash it, without keeping
 * anything; then once to parse the chat text and once to store the media messages name. Nothing is held in memory
 * beyond one buffer, and nothing is stored before the whole zip passed the checks.
 */
public final class ExportUpload {
    /** The upload, re-openable from its start. */
    public interface Source {
        InputStream open() throws IOException;
    }

    public interface EntryHandler {
        void accept(String name, InputStream content) throws IOException;
    }

    /** What the check found: whether it is a zip, which entry is the chat, which entries are media (by file name). */
    public record Scan(boolean zip, String sha256, long bytes, String chatEntry, Map<String, String> mediaByFileName) {}

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};
    /** Unpacked bytes allowed beyond ratio × packed: small entries of repeated bytes compress far better than 100:1. */
    private static final long RATIO_SLACK = 1024 * 1024;

    private final Source source;
    private final ArchiveSettings limits;

    public ExportUpload(Source source, ArchiveSettings limits) {
        this.source = source;
        this.limits = limits;
    }

    /** Checks the whole upload and hashes it; throws an ApiProblem for anything hostile. */
    public Scan scan() throws IOException {
        MessageDigest sha = sha256();
        boolean zip;
        long bytes;
        try (InputStream in = source.open()) {
            byte[] head = in.readNBytes(4);
            zip = java.util.Arrays.equals(head, ZIP_MAGIC) || java.util.Arrays.equals(head, EMPTY_ZIP_MAGIC);
        }
        if (!zip) {
            try (var counting = new CountingStream(new DigestInputStream(source.open(), sha))) {
                counting.transferTo(OutputStream.nullOutputStream());
                return new Scan(false, HexFormat.of().formatHex(sha.digest()), counting.count, null, Map.of());
            }
        }
        List<String> texts = new ArrayList<>();
        Map<String, String> media = new LinkedHashMap<>();
        try (var counting = new CountingStream(new DigestInputStream(source.open(), sha))) {
            forEachEntry(counting, (name, content) -> {
                content.transferTo(OutputStream.nullOutputStream()); // the guard counts every unpacked byte
                if (ignored(name)) return;
                String file = fileName(name);
                if (file.toLowerCase(Locale.ROOT).endsWith(".txt")) texts.add(name);
                media.putIfAbsent(file, name);
            });
            counting.transferTo(OutputStream.nullOutputStream());
            bytes = counting.count;
        }
        String chat = chooseChat(texts).orElseThrow(() -> ApiProblem.badRequest("not_an_export",
                "The zip holds no chat text (_chat.txt or a WhatsApp .txt)"));
        media.remove(fileName(chat));
        return new Scan(true, HexFormat.of().formatHex(sha.digest()), bytes, chat, media);
    }

    /** Streams the chat text to {@code handler}. */
    public void chatText(Scan scan, EntryHandler handler) throws IOException {
        if (!scan.zip()) {
            try (InputStream in = source.open()) {
                handler.accept("", in);
            }
            return;
        }
        try (InputStream in = source.open()) {
            forEachEntry(in, (name, content) -> {
                if (name.equals(scan.chatEntry())) handler.accept(name, content);
            });
        }
    }

    /** Streams each media entry whose file name is in {@code wanted} (as entry file name → stream). */
    public void media(Scan scan, java.util.Set<String> wanted, EntryHandler handler) throws IOException {
        if (!scan.zip() || wanted.isEmpty()) return;
        java.util.Set<String> entries = new java.util.HashSet<>();
        for (String file : wanted) {
            String entry = scan.mediaByFileName().get(file);
            if (entry != null) entries.add(entry);
        }
        if (entries.isEmpty()) return;
        try (InputStream in = source.open()) {
            forEachEntry(in, (name, content) -> {
                if (entries.remove(name)) handler.accept(fileName(name), content);
            });
        }
    }

    /** The chat text as the notes prescribe: _chat.txt, then a *chat* / *whatsapp* .txt (shortest name), then any top-level .txt. */
    static java.util.Optional<String> chooseChat(List<String> texts) {
        var byLength = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());
        var chat = texts.stream().filter(t -> fileName(t).equals("_chat.txt")).min(byLength);
        if (chat.isPresent()) return chat;
        chat = texts.stream().filter(t -> {
            String f = fileName(t).toLowerCase(Locale.ROOT);
            return f.contains("chat") || f.contains("whatsapp");
        }).min(byLength);
        if (chat.isPresent()) return chat;
        return texts.stream().filter(t -> !t.contains("/")).min(byLength);
    }

    private void forEachEntry(InputStream raw, EntryHandler handler) throws IOException {
        var counted = raw instanceof CountingStream c ? c : new CountingStream(raw);
        int entries = 0;
        long total = 0;
        try (var zip = new ZipInputStream(new NonClosing(counted))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw ApiProblem.badRequest("zip_too_many_entries", "The zip holds more than " + limits.maxEntries() + " entries");
                }
                String name = safeName(entry.getName());
                if (entry.isDirectory()) continue;
                var guard = new EntryGuard(zip, counted, total);
                handler.accept(name, guard);
                guard.transferTo(OutputStream.nullOutputStream());
                total = guard.totalAfter();
            }
        } catch (ZipException | java.io.EOFException | IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid_zip", "The zip cannot be read (" + e.getMessage() + ")");
        }
        if (entries == 0) throw ApiProblem.badRequest("not_an_export", "The zip is empty");
    }

    /** The entry name with / separators; traversal, absolute paths and drive letters refused. */
    static String safeName(String raw) {
        String name = raw.replace('\\', '/');
        boolean unsafe = name.isEmpty() || name.startsWith("/") || name.matches("^[A-Za-z]:.*") || name.indexOf('\0') >= 0;
        for (String part : name.split("/")) if (part.equals("..")) unsafe = true;
        if (unsafe) throw ApiProblem.badRequest("zip_path_traversal", "The zip has an entry with an unsafe path");
        return name;
    }

    static String fileName(String entryName) {
        int slash = entryName.lastIndexOf('/');
        return slash < 0 ? entryName : entryName.substring(slash + 1);
    }

    private static boolean ignored(String name) {
        return name.startsWith("__MACOSX/") || fileName(name).startsWith("._");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts unpacked bytes of one entry against the entry, total and ratio limits while they are read. */
    private final class EntryGuard extends FilterInputStream {
        private final CountingStream packed;
        private final long packedAtStart;
        private final long totalBefore;
        private long unpacked;

        EntryGuard(InputStream entry, CountingStream packed, long totalBefore) {
            super(entry);
            this.packed = packed;
            this.packedAtStart = packed.count;
            this.totalBefore = totalBefore;
        }

        long totalAfter() {
            return totalBefore + unpacked;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) check(n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) break;
                skipped += r;
            }
            return skipped;
        }

        @Override
        public void close() {
            // the zip stream stays open for the next entry
        }

        private void check(int n) {
            unpacked += n;
            long ratio = limits.maxCompressionRatio();
            if (unpacked > limits.maxEntryBytes()) {
                throw new ApiProblem(413, "zip_too_large", "A zip entry unpacks to more than " + limits.maxEntryBytes() + " bytes");
            }
            if (totalBefore + unpacked > limits.maxUncompressedBytes()) {
                throw new ApiProblem(413, "zip_too_large", "The zip unpacks to more than " + limits.maxUncompressedBytes() + " bytes");
            }
            if (unpacked > ratio * (packed.count - packedAtStart) + RATIO_SLACK || totalBefore + unpacked > ratio * packed.count + RATIO_SLACK) {
                throw new ApiProblem(413, "zip_bomb", "The zip unpacks to more than " + ratio + " times its size");
            }
        }
    }

    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            count += s;
            return s;
        }
    }

    private static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
