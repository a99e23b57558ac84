package app.cloak.archives.internal.web;

import app.cloak.archives.internal.ArchiveExports;
import app.cloak.archives.internal.ArchiveImporter;
import app.cloak.archives.internal.ArchiveReading;
import app.cloak.archives.internal.ArchiveService;
import app.cloak.archives.internal.ArchiveSettings;
import app.cloak.archives.internal.ExportUpload;
import app.cloak.archives.internal.ImportReport;
import app.cloak.archives.internal.analytics.ArchiveAnalytics;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** The conversation reader's HTTP API (docs/conversation-reader.md). */
@RestController
@RequestMapping("/api/v1/archives")
class ArchiveController {
    private final ArchiveImporter importer;
    private final ArchiveService library;
    private final ArchiveReading reading;
    private final ArchiveExports exports;
    private final ArchiveSettings settings;

    ArchiveController(ArchiveImporter importer, ArchiveService library, ArchiveReading reading, ArchiveExports exports,
                      ArchiveSettings settings) {
        this.importer = importer;
        this.library = library;
        this.reading = reading;
        this.exports = exports;
        this.settings = settings;
    }

    record Imported(String archiveId, String chatId, boolean merged, ImportReport report, List<ArchiveService.Participant> participants) {}

    /**
     * A new archive, or (with {@code archiveId}) a longer or overlapping export of an archive merged into it. The
     * part is spooled to disk by the servlet container and read from there as a stream, several times.
     */
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Imported> upload(Caller caller, @RequestParam(name = "file", required = false) MultipartFile file,
                                    @RequestParam(required = false) String dateOrder, @RequestParam(required = false) String timezone,
                                    @RequestParam(required = false) String archiveId) throws IOException {
        if (archiveId != null && !archiveId.isBlank()) {
            var existing = reading.require(archiveId, caller.userId(), ArchiveReading.OWNER);
            var outcome = importer.importExport(caller.userId(), upload(file), file.getOriginalFilename(), dateOrder, timezone, existing,
                    ArchiveImporter.Mode.MERGE);
            return ResponseEntity.ok(view(outcome, caller, true));
        }
        var outcome = importer.importExport(caller.userId(), upload(file), file == null ? null : file.getOriginalFilename(), dateOrder,
                timezone, null, ArchiveImporter.Mode.NEW);
        return ResponseEntity.status(201).body(view(outcome, caller, false));
    }

    /** Replaces the archive's content with a fresh parse (e.g. with an explicit dateOrder or timezone); shares stay. */
    @PostMapping(path = "/{archiveId}/reimport", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Imported reimport(Caller caller, @PathVariable String archiveId, @RequestParam(name = "file", required = false) MultipartFile file,
                      @RequestParam(required = false) String dateOrder, @RequestParam(required = false) String timezone) throws IOException {
        var existing = reading.require(archiveId, caller.userId(), ArchiveReading.OWNER);
        var outcome = importer.importExport(caller.userId(), upload(file), file == null ? null : file.getOriginalFilename(), dateOrder,
                timezone, existing, ArchiveImporter.Mode.REPLACE);
        return view(outcome, caller, false);
    }

    @GetMapping
    Map<String, List<ArchiveService.Summary>> list(Caller caller) {
        return Map.of("archives", library.list(caller.userId()));
    }

    @GetMapping("/{archiveId}")
    ArchiveService.Details details(Caller caller, @PathVariable String archiveId) {
        return library.details(archiveId, caller.userId());
    }

    record Me(String authorKey) {}

    @PutMapping("/{archiveId}/me")
    ArchiveService.Details me(Caller caller, @PathVariable String archiveId, @RequestBody Me body) {
        return library.setMe(archiveId, caller.userId(), body == null ? null : body.authorKey());
    }

    record ShareRequest(String userId, String role) {}

    @PostMapping("/{archiveId}/shares")
    ResponseEntity<ArchiveService.Share> share(Caller caller, @PathVariable String archiveId, @RequestBody ShareRequest body) {
        if (body == null) throw ApiProblem.badRequest("missing_parameter", "userId and role are required");
        return ResponseEntity.status(201).body(library.share(archiveId, caller.userId(), body.userId(), body.role()));
    }

    @DeleteMapping("/{archiveId}/shares/{userId}")
    ResponseEntity<Void> unshare(Caller caller, @PathVariable String archiveId, @PathVariable String userId) {
        library.unshare(archiveId, caller.userId(), userId);
        return ResponseEntity.noContent().build();
    }

    record ParticipantStats(String authorKey, String name, boolean isMe, int messages, long words, int media, int emoji, double sentiment) {}

    record AnalyticsView(String archiveId, String me, String language, ArchiveAnalytics.Totals totals, List<ParticipantStats> participants,
                         ArchiveAnalytics.Activity activity, ArchiveAnalytics.Heatmap heatmap, List<ArchiveAnalytics.Count> topWords,
                         List<ArchiveAnalytics.Count> topEmoji, List<ArchiveAnalytics.ResponseTime> responseTimes,
                         List<ArchiveAnalytics.Reply> replies, ArchiveAnalytics.SentimentTrend sentiment) {}

    @GetMapping("/{archiveId}/analytics")
    AnalyticsView analytics(Caller caller, @PathVariable String archiveId) {
        var archive = reading.require(archiveId, caller.userId(), ArchiveReading.ANALYST);
        var a = reading.analytics(archive);
        String me = archive.meKey();
        var participants = a.participants().stream().map(p -> new ParticipantStats(p.authorKey(), p.name(), p.authorKey().equals(me),
                p.messages(), p.words(), p.media(), p.emoji(), p.sentiment())).toList();
        return new AnalyticsView(archiveId, me, a.language(), a.totals(), participants, a.activity(), a.heatmap(), a.topWords(),
                a.topEmoji(), a.responseTimes(), a.replies(), a.sentiment());
    }

    @GetMapping("/{archiveId}/export")
    void export(Caller caller, @PathVariable String archiveId, @RequestParam(required = false) String format,
                HttpServletResponse response) throws IOException {
        String f = exports.check(archiveId, caller.userId(), format);
        response.setStatus(200);
        response.setContentType(switch (f) {
            case "csv" -> "text/csv;charset=UTF-8";
            case "html" -> "text/html;charset=UTF-8";
            case "pdf" -> "application/pdf";
            default -> "application/json";
        });
        response.setHeader("Content-Disposition", "attachment; filename=\"archive-" + archiveId + "." + f + "\"");
        response.setHeader("Cache-Control", "private, no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        exports.write(archiveId, caller.userId(), f, response.getOutputStream());
    }

    private ExportUpload upload(MultipartFile file) {
        if (file == null || file.isEmpty()) throw ApiProblem.badRequest("missing_file", "Send the export as the multipart part 'file'");
        return new ExportUpload(file::getInputStream, settings);
    }

    private Imported view(ArchiveImporter.Outcome outcome, Caller caller, boolean merged) {
        return new Imported(outcome.archiveId(), outcome.chatId(), merged, outcome.report(),
                library.details(outcome.archiveId(), caller.userId()).participants());
    }
}
