package app.cloak.archives.internal;

import app.cloak.archives.internal.export.PdfTranscript;
import app.cloak.archives.internal.export.Provenance;
import app.cloak.archives.internal.export.TextExports;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Times;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.springframework.stereotype.Service;

/** Exports for owners and analysts: the provenance, then every message in reading order, streamed. */
@Service
public class ArchiveExports {
    public static final Set<String> FORMATS = Set.of("json", "csv", "html", "pdf");

    private final ArchiveReading reading;
    private final ArchiveService library;
    private final ArchiveStore store;
    private final ArchiveSealing sealing;
    private final ArchiveSettings settings;
    private final Clock clock;

    ArchiveExports(ArchiveReading reading, ArchiveService library, ArchiveStore store, ArchiveSealing sealing, ArchiveSettings settings,
                   Clock clock) {
        this.reading = reading;
        this.library = library;
        this.store = store;
        this.sealing = sealing;
        this.settings = settings;
        this.clock = clock;
    }

    /** Checks access and the format before anything is written; returns the format (lower case). */
    public String check(String archiveId, String userId, String format) {
        reading.require(archiveId, userId, ArchiveReading.ANALYST);
        String f = format == null ? "json" : format.toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(f)) throw ApiProblem.badRequest("invalid_format", "format must be json, csv, html or pdf");
        return f;
    }

    public void write(String archiveId, String userId, String format, OutputStream out) {
        var archive = reading.require(archiveId, userId, ArchiveReading.ANALYST);
        var details = library.details(archiveId, userId);
        var sources = store.imports(archiveId).stream().map(i -> {
            var r = sealing.open(archiveId, "report", i.report(), ImportReport.class);
            return new Provenance.Source(i.n(), i.kind(), r.sourceName(), i.sourceSha256(), i.sourceBytes(), Times.iso(i.importedAt()),
                    r.messages(), r.inserted(), r.duplicates(), r.unparsedCount(), r.outOfOrder(), r.dateOrder(), r.dateOrderReason(),
                    r.platform());
        }).toList();
        var participants = details.participants().stream().map(p -> new Provenance.Participant(p.authorKey(), p.name(), p.messages())).toList();
        var provenance = new Provenance(archiveId, details.name(), archive.timezone(), archive.meKey(), Times.iso(clock.millis()),
                sources, participants);
        try (TextExports.Sink sink = switch (format) {
            case "csv" -> TextExports.csv(out);
            case "html" -> TextExports.html(out, provenance);
            case "pdf" -> new PdfTranscript(out, provenance, settings.pdfMaxMessages());
            default -> TextExports.json(out, provenance);
        }) {
            reading.transcript(archive, sink::line);
        }
    }
}
