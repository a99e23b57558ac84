package app.cloak.archives.internal.export;

import app.cloak.archives.internal.TranscriptLine;
import com.ibm.icu.text.ArabicShaping;
import com.ibm.icu.text.ArabicShapingException;
import com.ibm.icu.text.Bidi;
import com.ibm.icu.text.BreakIterator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

/**
 * The PDF transcript: a provenance page (each source's SHA-256, import time and parse summary), then every message
 * with its time and author. Right-to-left text is shaped (ICU ArabicShaping: contextual letter forms) and reordered
 * for display (ICU Bidi, mirroring brackets), line by line after wrapping; each character is set in the first
 * bundled font that has it (Latin, Arabic, Hebrew, emoji), so nothing becomes a box. Emoji are monochrome (Noto
 * Emoji; PDF text has no colour fonts). PDFBox does no shaping, so an emoji sequence of several code points (ZWJ
 * families and professions, 🏳️‍🌈, skin tones, flags, keycaps) is looked up as one grapheme cluster in the emoji font's
 * ligatures and drawn as that one glyph, with the cluster's own characters laid invisibly over it (text render mode 3)
 * so text extraction still gives them back; a sequence the font has no glyph for is drawn as its parts without the
 * joiners, variation selectors and skin-tone swatches.
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
        // Not Bidi.REMOVE_BIDI_CONTROLS: ICU counts the zero-width joiner among them, and emoji ZWJ sequences need it.
        String visual = withoutBidiControls(bidi.writeReordered(Bidi.DO_MIRRORING | Bidi.KEEP_BASE_COMBINING));
        List<Run> runs = runs(visual);
        float total = 0;
        for (Run r : runs) total += r.width(size);
        float x = rtl ? MARGIN + WIDTH - total : MARGIN;
        try {
            page.setNonStrokingColor(gray, gray, gray);
            for (Run r : runs) {
                if (r.glyph() == null) {
                    page.beginText();
                    page.setFont(fonts.font(r.face()), size);
                    page.newLineAtOffset(x, y);
                    page.showText(r.text());
                    page.endText();
                } else {
                    drawCluster(r, x, size);
                }
                x += r.width(size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One glyph for a whole emoji cluster (written by glyph id: it has no code point of its own), then the cluster's
     * characters in text render mode 3 (invisible), squeezed to the glyph's width, for text extraction and search.
     */
    private void drawCluster(Run r, float x, float size) throws IOException {
        PDType0Font font = fonts.font(r.face());
        font.addGlyphsToSubset(Set.of(r.glyph().gid()));
        page.beginText();
        page.setFont(font, size);
        page.newLineAtOffset(x, y);
        page.appendRawCommands("<" + HexFormat.of().formatHex(font.encodeGlyphId(r.glyph().gid())) + "> Tj\n");
        page.endText();
        List<Run> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int partFace = -1;
        for (int cp : r.text().codePoints().toArray()) {
            int face = PdfFonts.faceFor(cp);
            if (face < 0) continue;
            if (face != partFace && part.length() > 0) {
                parts.add(new Run(partFace, part.toString(), null, fonts));
                part.setLength(0);
            }
            partFace = face;
            part.appendCodePoint(cp);
        }
        if (part.length() > 0) parts.add(new Run(partFace, part.toString(), null, fonts));
        float natural = 0;
        for (Run p : parts) natural += p.width(size);
        if (natural <= 0) return;
        page.saveGraphicsState();
        page.beginText();
        page.setRenderingMode(RenderingMode.NEITHER);
        page.setHorizontalScaling(100 * r.width(size) / natural);
        page.newLineAtOffset(x, y);
        for (Run p : parts) {
            page.setFont(fonts.font(p.face()), size);
            page.showText(p.text());
        }
        page.endText();
        page.restoreGraphicsState();
    }

    /** Drops the bidi marks and embeddings (LRM, RLM, ALM, ZWNJ, LRE…PDF, LRI…PDI) once the line is in visual order. */
    static String withoutBidiControls(String visual) {
        StringBuilder out = new StringBuilder(visual.length());
        for (int i = 0; i < visual.length(); i++) {
            char c = visual.charAt(i);
            if (c == 0x200C || c == 0x200E || c == 0x200F || c == 0x061C || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) continue;
            out.append(c);
        }
        return out.toString();
    }

    private float width(String logical, float size) {
        float w = 0;
        for (Run r : runs(shape(logical))) w += r.width(size);
        return w;
    }

    /** Text set in one font, or ({@code glyph} not null) one emoji cluster drawn as a single ligature glyph. */
    private record Run(int face, String text, PdfFonts.Glyph glyph, PdfFonts fonts) {
        float width(float size) {
            if (glyph != null) return PdfFonts.advance(glyph) / 1000f * size;
            try {
                return fonts.font(face).getStringWidth(text) / 1000f * size;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * Splits text into runs of one font, grapheme cluster by cluster: an emoji cluster of several code points becomes
     * one ligature glyph when a font has it, else its parts without joiners, variation selectors and skin-tone
     * swatches; characters no font has are dropped if invisible (joiners, variation selectors), else "?".
     */
    private List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentFace = -1;
        BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
        clusters.setText(text);
        for (int start = clusters.first(), end = clusters.next(); end != BreakIterator.DONE; start = end, end = clusters.next()) {
            String cluster = text.substring(start, end);
            int[] cps = cluster.codePoints().toArray();
            boolean emojiSequence = cps.length > 1 && (Character.isEmoji(cps[0]) || Character.isEmoji(cps[cps.length - 1]));
            if (emojiSequence) {
                PdfFonts.Glyph glyph = PdfFonts.ligature(cps);
                if (glyph != null) {
                    if (current.length() > 0) {
                        runs.add(new Run(currentFace, current.toString(), null, fonts));
                        current.setLength(0);
                    }
                    currentFace = -1;
                    runs.add(new Run(glyph.face(), cluster, glyph, fonts));
                    continue;
                }
            }
            for (int cp : cps) {
                if (cp == '\t') cp = ' ';
                // A joiner has nothing to draw on its own (Arabic is shaped before); in an emoji sequence no font has a
                // glyph for, the variation selectors and skin-tone swatches are left out too.
                if (cp == 0x200D || (emojiSequence && (cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF)))) continue;
                int face = PdfFonts.faceFor(cp);
                if (face < 0) {
                    int type = Character.getType(cp);
                    if (type == Character.FORMAT || type == Character.NON_SPACING_MARK || type == Character.CONTROL
                            || (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0x1F3FB && cp <= 0x1F3FF)) continue;
                    cp = '?';
                    face = PdfFonts.faceFor(cp);
                }
                if (face != currentFace && current.length() > 0) {
                    runs.add(new Run(currentFace, current.toString(), null, fonts));
                    current.setLength(0);
                }
                currentFace = face;
                current.appendCodePoint(cp);
            }
        }
        if (current.length() > 0) runs.add(new Run(currentFace, current.toString(), null, fonts));
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
