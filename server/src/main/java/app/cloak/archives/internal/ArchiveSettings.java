package app.cloak.archives.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the conversation reader ({@code cloak.archives.*}). The upload itself is capped by the servlet multipart
 * limit ({@code CLOAK_MULTIPART_MAX_FILE_SIZE}); these bound what a zip may unpack to.
 *
 * @param maxEntries                {@code CLOAK_ARCHIVES_MAX_ENTRIES}: most entries a zip may hold, default 20,000.
 * @param maxUncompressedBytes      {@code CLOAK_ARCHIVES_MAX_UNCOMPRESSED_BYTES}: most bytes all entries of a zip may
 *                                  unpack to together, default 2 GiB.
 * @param maxEntryBytes             {@code CLOAK_ARCHIVES_MAX_ENTRY_BYTES}: most bytes one entry may unpack to, default
 *                                  512 MiB.
 * @param maxCompressionRatio       {@code CLOAK_ARCHIVES_MAX_COMPRESSION_RATIO}: most uncompressed bytes per compressed
 *                                  byte, per entry and for the whole zip (text compresses ~10:1, media ~1:1), default 100.
 * @param maxMessages               {@code CLOAK_ARCHIVES_MAX_MESSAGES}: most messages one import may hold, default
 *                                  2,000,000 (WhatsApp itself exports at most ~40,000).
 * @param defaultTimezone           {@code CLOAK_ARCHIVES_DEFAULT_TIMEZONE}: the zone an export's wall-clock times are
 *                                  read in when the upload names none, default UTC.
 * @param pdfMaxMessages            {@code CLOAK_ARCHIVES_PDF_MAX_MESSAGES}: most messages a PDF transcript renders
 *                                  (the rest is cut with a note saying so), default 50,000.
 */
@ConfigurationProperties("cloak.archives")
public record ArchiveSettings(Integer maxEntries, Long maxUncompressedBytes, Long maxEntryBytes, Integer maxCompressionRatio,
                              Integer maxMessages, String defaultTimezone, Integer pdfMaxMessages) {
    public ArchiveSettings {
        if (maxEntries == null) maxEntries = 20_000;
        if (maxUncompressedBytes == null) maxUncompressedBytes = 2L * 1024 * 1024 * 1024;
        if (maxEntryBytes == null) maxEntryBytes = 512L * 1024 * 1024;
        if (maxCompressionRatio == null) maxCompressionRatio = 100;
        if (maxMessages == null) maxMessages = 2_000_000;
        if (defaultTimezone == null || defaultTimezone.isBlank()) defaultTimezone = "UTC";
        if (pdfMaxMessages == null) pdfMaxMessages = 50_000;
        if (maxEntries < 1 || maxUncompressedBytes < 1 || maxEntryBytes < 1 || maxCompressionRatio < 1 || maxMessages < 1) {
            throw new IllegalArgumentException("cloak.archives.* limits must be positive");
        }
        java.time.ZoneId.of(defaultTimezone); // fails at start-up, not on the first import
    }
}
