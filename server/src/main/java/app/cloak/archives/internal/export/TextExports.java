package app.cloak.archives.internal.export;

import app.cloak.archives.internal.TranscriptLine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** JSON, CSV and HTML exports, written as they are read (no whole transcript in memory). */
public final class TextExports {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TextExports() {}

    /** A writer of one format: the header once, each line, then the end. */
    public interface Sink extends AutoCloseable {
        void line(TranscriptLine line);

        @Override
        void close();
    }

    public static Sink json(OutputStream out, Provenance p) {
        JsonGenerator g = JSON.createGenerator(out);
        g.writeStartObject();
        g.writeStringProperty("format", "cloak-archive-export/1");
        g.writeName("provenance");
        JSON.writeValue(g, p);
        g.writeName("messages");
        g.writeStartArray();
        return new Sink() {
            @Override
            public void line(TranscriptLine l) {
                g.writeStartObject();
                g.writeStringProperty("messageId", l.messageId());
                g.writeNumberProperty("seq", l.seq());
                g.writeStringProperty("time", l.time().toString());
                g.writeStringProperty("authorKey", l.authorKey());
                g.writeStringProperty("author", l.authorName());
                g.writeStringProperty("kind", l.kind().toLowerCase(java.util.Locale.ROOT));
                g.writeStringProperty("text", l.text());
                g.writeBooleanProperty("edited", l.edited());
                g.writeStringProperty("mediaMime", l.mediaMime());
                g.writeEndObject();
            }

            @Override
            public void close() {
                g.writeEndArray();
                g.writeEndObject();
                g.close();
            }
        };
    }

    public static final List<String> CSV_COLUMNS = List.of("seq", "time", "author_key", "author", "kind", "text", "edited", "media_mime");

    /**
     * RFC 4180 CSV with a header row, UTF-8 with a BOM (so spreadsheet programs read it as UTF-8). A cell that starts
     * with = + or @ gets a leading apostrophe so a spreadsheet does not run it as a formula.
     */
    public static Sink csv(OutputStream out) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        write(w, "\uFEFF" + String.join(",", CSV_COLUMNS) + "\r\n");
        return new Sink() {
            @Override
            public void line(TranscriptLine l) {
                write(w, String.join(",", List.of(String.valueOf(l.seq()), l.time().toString(), cell(l.authorKey()), cell(l.authorName()),
                        l.kind().toLowerCase(java.util.Locale.ROOT), cell(l.text()), String.valueOf(l.edited()), cell(l.mediaMime()))) + "\r\n");
            }

            @Override
            public void close() {
                try {
                    w.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    static String cell(String value) {
        if (value == null) return "";
        String v = value;
        if (!v.isEmpty() && "=+@".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || !v.equals(value)) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** One self-contained page: inline CSS, no scripts, no external resources; every text escaped; dir=auto for RTL. */
    public static Sink html(OutputStream out, Provenance p) {
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder();
        head.append("<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(p.name())).append("</title><style>")
                .append("body{font-family:system-ui,'Noto Sans','Segoe UI',sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#111;background:#f4f1ea}")
                .append("h1{font-size:1.4rem}.prov{font-size:.85rem;color:#444;background:#fff;padding:.75rem 1rem;border-radius:.5rem}")
                .append(".m{background:#fff;margin:.4rem 0;padding:.45rem .75rem;border-radius:.5rem;box-shadow:0 1px 1px #0001}")
                .append(".m.me{background:#dcf8c6;margin-left:4rem}.sys{text-align:center;color:#555;font-size:.85rem;background:none;box-shadow:none}")
                .append(".h{font-size:.8rem;color:#075e54;font-weight:600}.t{white-space:pre-wrap;overflow-wrap:anywhere}")
                .append(".k{font-size:.75rem;color:#777}time{color:#777;font-weight:400;margin-left:.5rem}</style></head><body>\n");
        head.append("<h1>").append(escape(p.name())).append("</h1>\n<div class=\"prov\"><p>Exported ").append(escape(p.exportedAt()))
                .append(" from Cloak archive ").append(escape(p.archiveId())).append("; times are the export's wall clock (")
                .append(escape(p.timezone())).append(").</p><ul>");
        for (var s : p.sources()) {
            head.append("<li>").append(escape(s.kind())).append(" ").append(s.n()).append(": <code>").append(escape(s.sourceName()))
                    .append("</code>, SHA-256 <code>").append(escape(s.sourceSha256())).append("</code>, imported ")
                    .append(escape(s.importedAt())).append(". ").append(escape(s.summary())).append("</li>");
        }
        head.append("</ul></div>\n<main>\n");
        write(w, head.toString());
        return new Sink() {
            @Override
            public void line(TranscriptLine l) {
                StringBuilder b = new StringBuilder();
                if (!l.authored()) {
                    b.append("<div class=\"m sys\" dir=\"auto\">").append(escape(l.text())).append(" <time>")
                            .append(escape(l.time().toString())).append("</time></div>\n");
                } else {
                    b.append("<div class=\"m").append(l.authorKey().equals(p.me()) ? " me" : "").append("\" id=\"m").append(l.seq()).append("\"><div class=\"h\" dir=\"auto\">")
                            .append(escape(l.authorName())).append("<time>").append(escape(l.time().toString())).append("</time></div>");
                    if (!l.kind().equals("TEXT")) {
                        b.append("<div class=\"k\">").append(escape(l.kind().toLowerCase(java.util.Locale.ROOT)));
                        if (l.mediaMime() != null) b.append(" · ").append(escape(l.mediaMime()));
                        b.append("</div>");
                    }
                    b.append("<div class=\"t\" dir=\"auto\">").append(escape(l.text())).append("</div>");
                    if (l.edited()) b.append("<div class=\"k\">edited</div>");
                    b.append("</div>\n");
                }
                write(w, b.toString());
            }

            @Override
            public void close() {
                write(w, "</main></body></html>\n");
                try {
                    w.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void write(Writer w, String s) {
        try {
            w.write(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
