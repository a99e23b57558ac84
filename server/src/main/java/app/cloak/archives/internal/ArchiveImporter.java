package app.cloak.archives.internal;

import app.cloak.archives.internal.analytics.ArchiveAnalytics;
import app.cloak.archives.internal.parse.ChatExportParser;
import app.cloak.archives.internal.parse.DateOrder;
import app.cloak.archives.internal.parse.Kind;
import app.cloak.archives.internal.parse.ParseOptions;
import app.cloak.archives.internal.parse.ParseReport;
import app.cloak.archives.internal.parse.ParsedMessage;
import app.cloak.chats.ChatsApi;
import app.cloak.media.MediaApi;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessagingApi;
import app.cloak.messaging.MessagingApi.ExternalMessage;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns an upload into archive content: check the upload, parse the chat text, store the media its messages name,
 * then in one transaction the chat, the messages (deduplicated by {@link DedupeKeys}), the reader's rows and the
 * analytics. A refused upload stores nothing: the checks run before anything is written, and media already stored
 * is discarded if the transaction fails.
 *
 * <p>Order: an archive's history is ordered by the export's wall-clock time, ties by upload and line. A first
 * import appends in that order; a merge appends its new messages, and when any of them belongs before a message
 * already there, the whole archive is re-sequenced (new seqs above the old ones, in time order), so history, paging
 * and search jump targets stay chronological.
 */
@Service
public class ArchiveImporter {
    private static final Logger log = LoggerFactory.getLogger(ArchiveImporter.class);
    /** Below messaging's default text limit (64 KiB), so one very long message cannot sink an import. */
    static final int MAX_TEXT_BYTES = 60_000;
    static final String SYSTEM_SENDER = "~system";
    private static final Set<String> MEDIA_TYPES = Set.of("image", "video", "audio", "voice", "document", "sticker");

    public enum Mode { NEW, MERGE, REPLACE }

    public record Outcome(String archiveId, String chatId, ImportReport report, boolean created) {}

    private record Parsed(List<ParsedMessage> messages, ParseReport report) {}

    private record StoredMedia(String mediaId, String mime) {}

    private final ArchiveStore store;
    private final ArchiveSealing sealing;
    private final ArchiveSettings settings;
    private final ChatsApi chats;
    private final MessagingApi messaging;
    private final MediaApi media;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ArchiveReading reading;

    ArchiveImporter(ArchiveStore store, ArchiveSealing sealing, ArchiveSettings settings, ChatsApi chats, MessagingApi messaging,
                    MediaApi media, TransactionTemplate tx, Clock clock, ArchiveReading reading) {
        this.store = store;
        this.sealing = sealing;
        this.settings = settings;
        this.chats = chats;
        this.messaging = messaging;
        this.media = media;
        this.tx = tx;
        this.clock = clock;
        this.reading = reading;
    }

    /**
     * @param existing the archive to merge into or replace (already checked: the caller owns it), or null for a new one
     */
    public Outcome importExport(String ownerId, ExportUpload upload, String sourceName, String dateOrder, String timezone,
                                ArchiveStore.ArchiveRow existing, Mode mode) throws IOException {
        long started = System.nanoTime();
        DateOrder order = dateOrder(dateOrder);
        ZoneId zone = zone(timezone, existing);
        ExportUpload.Scan scan = upload.scan();
        long scanned = System.nanoTime();
        Parsed parsed = parse(upload, scan, order);
        long parsedAt = System.nanoTime();
        if (parsed.messages().isEmpty()) {
            throw ApiProblem.badRequest("not_an_export", "No WhatsApp chat messages were found in the upload ("
                    + parsed.report().unparsedCount() + " lines not understood)");
        }
        Map<String, StoredMedia> stored = new HashMap<>();
        int[] refused = {0};
        // A new archive's dashboard is computed from the parse on the other core while the messages are stored.
        var analytics = mode == Mode.NEW
                ? java.util.concurrent.CompletableFuture.supplyAsync(() -> ArchiveAnalytics.compute(lines(parsed.messages())), ANALYTICS)
                : null;
        try {
            storeMedia(ownerId, upload, scan, parsed.messages(), stored, refused);
            long mediaAt = System.nanoTime();
            Outcome outcome = tx.execute(status -> write(ownerId, sourceName, scan, parsed, zone, stored, refused[0], existing, mode, analytics));
            long storedAt = System.nanoTime();
            // Media of messages that turned out to be duplicates was never attached: remove it.
            stored.values().forEach(m -> media.discard(ownerId, m.mediaId()));
            if (mode != Mode.NEW) reading.recomputeAnalytics(outcome.archiveId());
            log.info("archive imported archiveId={} mode={} messages={} inserted={} ms: scan={} parse={} media={} store={} total={}",
                    outcome.archiveId(), mode, outcome.report().messages(), outcome.report().inserted(), ms(scanned - started),
                    ms(parsedAt - scanned), ms(mediaAt - parsedAt), ms(storedAt - mediaAt), ms(System.nanoTime() - started));
            return outcome;
        } catch (RuntimeException | IOException e) {
            stored.values().forEach(m -> media.discard(ownerId, m.mediaId()));
            throw e;
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private Parsed parse(ExportUpload upload, ExportUpload.Scan scan, DateOrder order) throws IOException {
        List<ParsedMessage> messages = new ArrayList<>();
        ParseReport[] report = new ParseReport[1];
        upload.chatText(scan, (name, in) -> report[0] = ChatExportParser.parse(in, new ParseOptions(order), m -> {
            if (messages.size() >= settings.maxMessages()) {
                throw new ApiProblem(413, "too_many_messages", "The export holds more than " + settings.maxMessages() + " messages");
            }
            messages.add(m);
        }));
        return new Parsed(messages, report[0]);
    }

    private void storeMedia(String ownerId, ExportUpload upload, ExportUpload.Scan scan, List<ParsedMessage> messages,
                            Map<String, StoredMedia> stored, int[] refused) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (ParsedMessage m : messages) if (m.mediaFile() != null) wanted.add(m.mediaFile());
        upload.media(scan, wanted, (file, content) -> {
            try {
                String mediaId = media.ingest(ownerId, content);
                String mime = media.forViewer(mediaId, ownerId).map(app.cloak.media.MediaRef::mime).orElse("application/octet-stream");
                stored.put(file, new StoredMedia(mediaId, mime));
            } catch (ApiProblem e) {
                refused[0]++; // a type Cloak does not keep (e.g. .vcf, .opus in a container it does not sniff) or too large
            }
        });
    }

    /**
     * Analytics off the request thread, on a platform thread: a second of CPU-bound work on a virtual thread would
     * hold one of the few carrier threads and with it every other virtual thread waiting to run.
     */
    private static final java.util.concurrent.Executor ANALYTICS = java.util.concurrent.Executors.newCachedThreadPool(
            Thread.ofPlatform().name("archive-analytics-", 0).daemon().factory());

    /** The parse in reading order as the analytics read it (ids and seqs are not needed there). */
    static List<TranscriptLine> lines(List<ParsedMessage> messages) {
        List<ParsedMessage> sorted = new ArrayList<>(messages);
        sorted.sort(Comparator.comparing(ParsedMessage::timestamp).thenComparingInt(ParsedMessage::line));
        List<TranscriptLine> lines = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            ParsedMessage m = sorted.get(i);
            lines.add(new TranscriptLine(null, i + 1, m.timestamp(), m.authorKey(), m.author(), m.kind().name(), m.text(), m.edited(), null));
        }
        return lines;
    }

    private Outcome write(String ownerId, String sourceName, ExportUpload.Scan scan, Parsed parsed, ZoneId zone,
                          Map<String, StoredMedia> stored, int refused, ArchiveStore.ArchiveRow existing, Mode mode,
                          java.util.concurrent.CompletableFuture<ArchiveAnalytics.Result> analytics) {
        long now = clock.millis();
        boolean created = existing == null;
        String archiveId = created ? Ids.newId("ar") : existing.archiveId();
        String chatId;
        if (created) {
            chatId = chats.createExternal(ownerId, ChatsApi.ARCHIVE, "import:" + archiveId, chatName(sourceName, parsed.messages())).chat().chatId();
        } else {
            chatId = existing.chatId();
            if (mode == Mode.REPLACE) {
                messaging.purgeExternal(chatId);
                store.deleteMessages(archiveId);
            }
        }
        int importN = created ? 1 : store.nextImportN(archiveId);

        // Reading order: wall-clock time, then line (exports are often out of order; the file order breaks ties).
        // The keys' hashes on every core; the occurrence counts in file order here.
        List<String> hashes = app.cloak.shared.Chunks.map(parsed.messages(), 2_000, chunk -> {
            var sha = DedupeKeys.sha256();
            List<String> out = new ArrayList<>(chunk.size());
            for (ParsedMessage m : chunk) out.add(DedupeKeys.hash(m, sha));
            return out;
        });
        DedupeKeys keys = new DedupeKeys();
        List<Row> rows = new ArrayList<>(parsed.messages().size());
        for (int i = 0; i < hashes.size(); i++) rows.add(new Row(parsed.messages().get(i), keys.next(hashes.get(i))));
        rows.sort(Comparator.comparing((Row r) -> r.message().timestamp()).thenComparingInt(r -> r.message().line()));

        List<ArchiveStore.MessageRow> before = created || mode == Mode.REPLACE ? List.of() : store.messages(archiveId);
        Set<String> known = new HashSet<>();
        for (var r : before) known.add(r.messageId());

        int mediaStored = 0, mediaMissing = 0;
        List<ExternalMessage> batch = new ArrayList<>(rows.size());
        for (Row r : rows) {
            StoredMedia file = r.message().mediaFile() == null ? null : stored.get(r.message().mediaFile());
            if (r.message().mediaFile() != null && file == null) mediaMissing++;
            batch.add(external(r, zone, file));
        }
        var appended = messaging.appendHistory(chatId, ownerId, batch);
        List<ArchiveStore.MessageRow> fresh = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            String id = appended.messageIds().get(i);
            if (known.contains(id) || !inBatch.add(id)) continue;
            ParsedMessage m = rows.get(i).message();
            if (batch.get(i).mediaId() != null) mediaStored++;
            fresh.add(new ArchiveStore.MessageRow(id, m.timestamp().toEpochSecond(ZoneOffset.UTC), importN, m.line(), m.authorKey(),
                    m.kind().name(), m.edited()));
        }
        store.insertMessages(archiveId, fresh);
        boolean resequenced = false;
        if (!before.isEmpty() && !fresh.isEmpty() && ORDER.compare(fresh.get(0), before.get(before.size() - 1)) < 0) {
            messaging.resequenceExternal(chatId, store.messages(archiveId).stream().map(ArchiveStore.MessageRow::messageId).toList());
            resequenced = true;
        }

        ParseReport p = parsed.report();
        Map<String, Integer> byType = new LinkedHashMap<>();
        p.byType().forEach((k, v) -> byType.put(k.name().toLowerCase(Locale.ROOT), v));
        var report = new ImportReport(p.messages(), byType,
                p.unparsedLines().stream().map(u -> new ImportReport.Unparsed(u.line(), u.text())).toList(), p.unparsedCount(),
                p.outOfOrder(), p.dateOrder() == null ? null : p.dateOrder().name(), p.dateOrderReason(), p.platform(), zone.getId(),
                scan.sha256(), scan.bytes(), sourceName, appended.inserted(), appended.duplicates(), mediaStored, mediaMissing,
                refused, resequenced);
        store.insertImport(new ArchiveStore.ImportRow(archiveId, importN, created ? "import" : mode == Mode.REPLACE ? "reimport" : "merge",
                scan.sha256(), sealing.seal(archiveId, "source-name", sourceName == null ? "" : sourceName), scan.bytes(),
                report.dateOrder() == null ? "" : report.dateOrder(), zone.getId(), p.messages(), appended.inserted(),
                appended.duplicates(), mediaStored, sealing.seal(archiveId, "report", report), now));

        if (created) {
            List<TranscriptLine> lines = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                ParsedMessage m = rows.get(i).message();
                StoredMedia file = m.mediaFile() == null ? null : stored.get(m.mediaFile());
                lines.add(new TranscriptLine(appended.messageIds().get(i), i + 1, m.timestamp(), m.authorKey(), m.author(), m.kind().name(),
                        m.text(), m.edited(), file == null ? null : file.mime()));
            }
            var participants = ArchiveReading.participants(lines);
            store.insert(new ArchiveStore.ArchiveRow(archiveId, chatId, ownerId, zone.getId(), null,
                    sealing.seal(archiveId, "participants", participants), now, now));
            store.putAnalytics(archiveId, sealing.seal(archiveId, "analytics", analytics.join()), now);
        } else {
            store.setTimezone(archiveId, zone.getId());
        }
        return new Outcome(archiveId, chatId, report, created);
    }

    private record Row(ParsedMessage message, String key) {}

    static final Comparator<ArchiveStore.MessageRow> ORDER = Comparator.comparingLong(ArchiveStore.MessageRow::localTime)
            .thenComparingInt(ArchiveStore.MessageRow::importN).thenComparingInt(ArchiveStore.MessageRow::line);

    private ExternalMessage external(Row r, ZoneId zone, StoredMedia file) {
        ParsedMessage m = r.message();
        long at = Math.max(1, m.timestamp().atZone(zone).toInstant().toEpochMilli());
        boolean system = m.authorKey() == null || m.kind() == Kind.SYSTEM || m.kind() == Kind.ENCRYPTION_NOTICE;
        String senderKey = m.authorKey() == null ? SYSTEM_SENDER : m.authorKey();
        String senderName = m.author() == null ? "" : m.author();
        String text = bounded(m.text() == null ? "" : m.text());
        Message.Location location = null;
        Message.Contact contact = null;
        String type;
        if (system) {
            type = "system";
        } else {
            type = switch (m.kind()) {
                case TEXT, DELETED -> "text";
                case IMAGE -> "image";
                case VIDEO, GIF -> "video";
                case AUDIO -> "audio";
                case VOICE -> "voice";
                case DOCUMENT -> "document";
                case STICKER -> "sticker";
                case CONTACT -> "contact";
                case LOCATION, LIVE_LOCATION -> "location";
                case POLL -> "text";
                case CALL -> "system";
                default -> "unsupported";
            };
        }
        if (type.equals("location")) {
            location = location(m);
            if (location == null) type = "text";
        }
        if (type.equals("contact")) contact = new Message.Contact(text.isBlank() ? (m.mediaFile() == null ? "" : m.mediaFile()) : text, List.of());
        if (m.kind() == Kind.POLL) text = bounded(poll(m));
        String mediaId = null;
        if (file != null && MEDIA_TYPES.contains(type)) {
            mediaId = file.mediaId();
            type = fitting(type, file.mime());
        } else if (file != null && (type.equals("unsupported") || type.equals("text"))) {
            mediaId = file.mediaId();
            type = fitting("document", file.mime());
        }
        return new ExternalMessage(r.key(), senderKey, senderName, type, text, at, location, contact, mediaId, null);
    }

    /** The message type a stored file fits: the parsed one when the sniffed type agrees, else by the file's type. */
    static String fitting(String type, String mime) {
        String top = mime.substring(0, Math.max(0, mime.indexOf('/')));
        boolean fits = switch (type) {
            case "image", "sticker" -> top.equals("image");
            case "video" -> top.equals("video");
            case "audio", "voice" -> top.equals("audio");
            case "document" -> true;
            default -> false;
        };
        if (fits) return type;
        return switch (top) {
            case "image" -> "image";
            case "video" -> "video";
            case "audio" -> "audio";
            default -> "document";
        };
    }

    private static Message.Location location(ParsedMessage m) {
        try {
            String lat = m.details().get("latitude");
            String lon = m.details().get("longitude");
            if (lat == null || lon == null) return null;
            double la = Double.parseDouble(lat), lo = Double.parseDouble(lon);
            if (Math.abs(la) > 90 || Math.abs(lo) > 180) return null;
            String name = m.details().getOrDefault("venue", m.text());
            return new Message.Location(la, lo, name == null ? "" : name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String poll(ParsedMessage m) {
        String question = m.details().get("question");
        if (question == null) return m.text();
        StringBuilder out = new StringBuilder("POLL: ").append(question);
        try {
            var options = ArchiveSealing.JSON.readTree(m.details().getOrDefault("options", "[]"));
            var votes = ArchiveSealing.JSON.readTree(m.details().getOrDefault("votes", "[]"));
            for (int i = 0; i < options.size(); i++) {
                out.append("\nOPTION: ").append(options.get(i).asString());
                if (votes.size() > i) out.append(" (").append(votes.get(i).asString()).append(" votes)");
            }
        } catch (RuntimeException e) {
            return m.text();
        }
        return out.toString();
    }

    static String bounded(String text) {
        if (text.length() <= MAX_TEXT_BYTES / 3) return text; // at most 3 UTF-8 bytes per UTF-16 char
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_TEXT_BYTES) return text;
        int end = MAX_TEXT_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // never cut a UTF-8 sequence
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    static DateOrder dateOrder(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            return DateOrder.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid_date_order", "dateOrder must be DMY, MDY or YMD");
        }
    }

    private ZoneId zone(String value, ArchiveStore.ArchiveRow existing) {
        if (value == null || value.isBlank()) return ZoneId.of(existing != null ? existing.timezone() : settings.defaultTimezone());
        try {
            return ZoneId.of(value.strip());
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("invalid_timezone", "timezone must be an IANA time zone such as Europe/Berlin");
        }
    }

    /** "WhatsApp Chat with Ann.txt", "WhatsApp Chat - Ann.zip" → "Ann"; else the file name; else the participants. */
    static String chatName(String sourceName, List<ParsedMessage> messages) {
        String name = sourceName == null ? "" : sourceName.replaceAll("^.*[/\\\\]", "").replaceAll("\\.(txt|zip)$", "").strip();
        name = name.replaceFirst("^WhatsApp Chat (with|mit|con|avec|-) ", "").strip();
        if (name.isEmpty() || name.equals("_chat")) {
            Set<String> authors = new java.util.LinkedHashSet<>();
            for (ParsedMessage m : messages) if (m.author() != null && authors.size() < 3) authors.add(m.author());
            name = String.join(", ", authors);
        }
        return name.length() > 100 ? name.substring(0, 100) : name;
    }
}
