package app.cloak.archives.internal.export;

import app.cloak.archives.internal.TranscriptLine;
import com.ibm.icu.text.ArabicShaping;
import com.ibm.icu.text.ArabicShapingException;
import com.ibm.icu.text.Bidi;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;

/**
 * The PDF transcript: a provenance page (each source's SHA-256, import time and parse summary), then every message
 * with its time and author. Right-to-left text is shaped (ICU ArabicShaping: contextual letter forms) and reordered
 * for display (ICU Bidi, mirroring brackets), line by line after wrapping; each character is set in the first
 * bundled font that has it (Latin, Arabic, Hebrew, emoji), so nothing becomes a box. Colour emoji sequences are drawn
 * glyph by glyph in the monochrome Noto Emoji (PDF text has no colour fonts).
 */
public final class PdfTranscript implements TextExports.Sink {
    private static final float MARGIN = 48, SIZE = 10, SMALL = 8, LEADING = 13.5f;
    private static final PDRectangle PAGE = PDRectangle.A4;
    private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;

    private final PDDocument doc = new PDDocument();
    private final PdfFonts fonts = new PdfFonts(doc);
    private final OutputStream out;
    private final int maxMessages;
    private final String me;
    private PDPageContentStream page;
    private float y;
    private int messages;
    private boolean truncated;

    public PdfTranscript(OutputStream out, Provenance p, int maxMessages) {
        this.out = out;
        this.maxMessages = maxMessages;
        this.me = p.me();
        PDDocumentInformation info = doc.getDocumentInformation();
        info.setTitle("WhatsApp chat transcript: " + p.name());
        info.setCreator("Cloak conversation reader");
        info.setSubject("Sources SHA-256: " + String.join(", ", p.sources().stream().map(Provenance.Source::sourceSha256).toList()));
        newPage();
        paragraph("Transcript: " + p.name(), 14, 0f);
        paragraph("Exported " + p.exportedAt() + " from Cloak archive " + p.archiveId() + ". Times are the export's wall clock ("
                + p.timezone() + ").", SMALL, 0.3f);
        for (var s : p.sources()) {
            paragraph("Source " + s.n() + " (" + s.kind() + "): " + s.sourceName(), SMALL, 0.1f);
            paragraph("SHA-256 " + s.sourceSha256() + ", " + s.sourceBytes() + " bytes, imported " + s.importedAt(), SMALL, 0.3f);
            paragraph(s.summary(), SMALL, 0.3f);
        }
        paragraph("Participants: " + String.join(", ", p.participants().stream().map(x -> x.name() + " (" + x.messages() + ")").toList()),
                SMALL, 0.3f);
        y -= LEADING;
    }

    @Override
    public void line(TranscriptLine l) {
        if (truncated) return;
        if (++messages > maxMessages) {
            truncated = true;
            paragraph("[Transcript cut after " + maxMessages + " messages (cloak.archives.pdf-max-messages); the JSON, CSV and HTML exports hold all.]",
                    SMALL, 0.4f);
            return;
        }
        String header = l.time().toString().replace('T', ' ') + "  " + (l.authored() ? l.authorName() : "")
                + (l.kind().equals("TEXT") || !l.authored() ? "" : "  [" + l.kind().toLowerCase(java.util.Locale.ROOT)
                + (l.mediaMime() == null ? "" : ", " + l.mediaMime()) + "]") + (l.edited() ? "  (edited)" : "")
                + (me != null && me.equals(l.authorKey()) ? "  (me)" : "");
        paragraph(header, SMALL, 0.35f, true);
        if (!l.text().isEmpty()) paragraph(l.text(), SIZE, 0f);
        y -= 4;
    }

    @Override
    public void close() {
        try {
            page.close();
            doc.save(out);
            doc.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void paragraph(String text, float size, float gray) {
        paragraph(text, size, gray, false);
    }

    /** {@code ltr}: a left-to-right paragraph whatever its first strong character (headers: time first, then the name). */
    private void paragraph(String text, float size, float gray, boolean ltr) {
        for (String logical : text.split("\r?\n", -1)) {
            for (String wrapped : wrap(logical, size)) {
                if (y - LEADING < MARGIN) newPage();
                y -= size + 3.5f;
                drawLine(wrapped, size, gray, ltr);
            }
        }
    }

    /** Greedy wrapping on spaces (a word longer than a line is broken by characters), measured with the real fonts. */
    private List<String> wrap(String logical, float size) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        float width = 0;
        float space = width(" ", size);
        for (String word : logical.split(" ", -1)) {
            float w = width(word, size);
            if (line.length() > 0 && width + space + w > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
                width = 0;
            }
            while (w > WIDTH && !word.isEmpty()) {
                int cut = word.offsetByCodePoints(0, 1);
                while (cut < word.length() && width(word.substring(0, word.offsetByCodePoints(cut, 1)), size) <= WIDTH) {
                    cut = word.offsetByCodePoints(cut, 1);
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                lines.add(word.substring(0, cut));
                word = word.substring(cut);
                w = width(word, size);
                width = 0;
            }
            if (line.length() > 0) {
                line.append(' ');
                width += space;
            }
            line.append(word);
            width += w;
        }
        lines.add(line.toString());
        return lines;
    }

    private void drawLine(String logical, float size, float gray, boolean ltr) {
        Bidi bidi = new Bidi();
        bidi.setPara(shape(logical), ltr ? (byte) 0 : Bidi.LEVEL_DEFAULT_LTR, null);
        boolean rtl = (bidi.getParaLevel() & 1) == 1;
        String visual = bidi.writeReordered(Bidi.DO_MIRRORING | Bidi.REMOVE_BIDI_CONTROLS | Bidi.KEEP_BASE_COMBINING);
        List<Run> runs = runs(visual);
        float total = 0;
        for (Run r : runs) total += r.width(size);
        float x = rtl ? MARGIN + WIDTH - total : MARGIN;
        try {
            page.setNonStrokingColor(gray, gray, gray);
            for (Run r : runs) {
                page.beginText();
                page.setFont(fonts.font(r.face()), size);
                page.newLineAtOffset(x, y);
                page.showText(r.text());
                page.endText();
                x += r.width(size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float width(String logical, float size) {
        float w = 0;
        for (Run r : runs(shape(logical))) w += r.width(size);
        return w;
    }

    private record Run(int face, String text, PdfFonts fonts) {
        float width(float size) {
            try {
                return fonts.font(face).getStringWidth(text) / 1000f * size;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Splits text into runs of one font; characters no font has are dropped if invisible (joiners, variation selectors), else "?". */
    private List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentFace = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == '\t') cp = ' ';
            int face = PdfFonts.faceFor(cp);
            if (face < 0) {
                int type = Character.getType(cp);
                if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.CONTROL
                        || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF)) continue;
                cp = '?';
                face = PdfFonts.faceFor(cp);
            }
            if (face != currentFace && current.length() > 0) {
                runs.add(new Run(currentFace, current.toString(), fonts));
                current.setLength(0);
            }
            currentFace = face;
            current.appendCodePoint(cp);
        }
        if (current.length() > 0) runs.add(new Run(currentFace, current.toString(), fonts));
        return runs;
    }

    static String shape(String text) {
        boolean arabic = false;
        for (int i = 0; i < text.length() && !arabic; i++) {
            char c = text.charAt(i);
            arabic = c >= 0x0600 && c <= 0x06FF;
        }
        if (!arabic) return text;
        try {
            return new ArabicShaping(ArabicShaping.LETTERS_SHAPE | ArabicShaping.TEXT_DIRECTION_LOGICAL | ArabicShaping.LENGTH_GROW_SHRINK)
                    .shape(text);
        } catch (ArabicShapingException e) {
            return text;
        }
    }

    private void newPage() {
        try {
            if (page != null) page.close();
            PDPage p = new PDPage(PAGE);
            doc.addPage(p);
            page = new PDPageContentStream(doc, p);
            y = PAGE.getHeight() - MARGIN;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
