package app.cloak.archives.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.archives.internal.TranscriptLine;
import java.io.ByteArrayOutputStream;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.font.PDCIDFontType2;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.junit.jupiter.api.Test;

/** The transcript's text comes back out of the PDF: every glyph was set in a font that has it. */
public class PdfTranscriptTest {
    static final Provenance PROVENANCE = new Provenance("ar_1", "Test", "UTC", "ann", "2026-01-01T00:00:00Z",
            List.of(new Provenance.Source(1, "import", "chat.txt", "ab".repeat(32), 10, "2026-01-01T00:00:00Z", 3, 3, 0, 0, 0, "DMY",
                    "test", "android")),
            List.of(new Provenance.Participant("ann", "Ann", 2)));

    static byte[] pdf(List<TranscriptLine> lines, int max) {
        var out = new ByteArrayOutputStream();
        try (var pdf = new PdfTranscript(out, PROVENANCE, max)) {
            lines.forEach(pdf::line);
        }
        return out.toByteArray();
    }

    static String render(List<TranscriptLine> lines, int max) throws Exception {
        try (var doc = Loader.loadPDF(pdf(lines, max))) {
            return repairSurrogates(new PDFTextStripper().getText(doc));
        }
    }

    /**
     * PDFTextStripper turns right-to-left runs back into logical order char by char, which swaps the two halves of an
     * emoji's surrogate pair when the emoji sits in a right-to-left line; swap them back (the glyph itself was mapped).
     */
    public static String repairSurrogates(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i + 1 < c.length; i++) {
            if (Character.isHighSurrogate(c[i]) && Character.isLowSurrogate(c[i + 1])) {
                i++; // a pair in order (emoji next to each other, as in 👩🏽: the low half is followed by the next high half)
            } else if (Character.isLowSurrogate(c[i]) && Character.isHighSurrogate(c[i + 1])) {
                char t = c[i];
                c[i] = c[i + 1];
                c[i + 1] = t;
                i++;
            }
        }
        return new String(c);
    }

    static TranscriptLine line(long seq, String author, String text) {
        return new TranscriptLine("m" + seq, seq, LocalDateTime.of(2024, 5, 5, 10, (int) seq), author.toLowerCase(), author, "TEXT", text, false, null);
    }

    @Test
    void emojiArabicAndHebrewComeBackOut() throws Exception {
        String text = render(List.of(line(1, "سارة", "مرحبا بالعالم 😀"), line(2, "Bob", "שלום עולם 👍"), line(3, "Ann", "family 👨‍👩‍👧 flags 🇩🇪 ❤️ done")), 100);
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        assertThat(text).contains("😀").contains("👍").contains("❤");
        assertThat(folded).containsAnyOf("مرحبا بالعالم", new StringBuilder("مرحبا بالعالم").reverse().toString());
        assertThat(folded).containsAnyOf("שלום עולם", new StringBuilder("שלום עולם").reverse().toString());
        // The header line is set left to right (time, then name); the stripper's own bidi pass may reorder it on the way out.
        assertThat(text.lines().filter(l -> l.contains("10:01") && l.contains("2024-05-05") && l.contains("سارة")).count()).isEqualTo(1);
        assertThat(text).contains("flags").contains("done").contains("👨").contains("👩").contains("🇩");
        assertThat(text).doesNotContain("?");
    }

    @Test
    void longMessagesWrapAndTheCapIsSaid() throws Exception {
        String word = "walrus ";
        String text = render(List.of(line(1, "Ann", word.repeat(400)), line(2, "Ann", "x".repeat(500)), line(3, "Ann", "cut")), 2);
        assertThat(text.split("walrus", -1).length - 1).isEqualTo(400);
        assertThat(text.replaceAll("\\s", "")).contains("x".repeat(500));
        assertThat(text).contains("Transcript cut after 2 messages").doesNotContain("cut\n");
    }

    /** A glyph as drawn: its font, glyph id in the embedded subset (0 = .notdef, a box), and whether it is visible. */
    record Drawn(String font, int gid, boolean visible, String unicode) {}

    /** Every glyph the page's content streams draw, read back with PDFBox. */
    static List<Drawn> glyphs(byte[] pdf) throws Exception {
        List<Drawn> drawn = new ArrayList<>();
        try (var doc = Loader.loadPDF(pdf)) {
            new PDFTextStripper() {
                @Override
                protected void showGlyph(Matrix m, PDFont font, int code, Vector displacement) throws java.io.IOException {
                    int gid = font instanceof PDType0Font t0 && t0.getDescendantFont() instanceof PDCIDFontType2 cid ? cid.codeToGID(code) : -1;
                    boolean visible = getGraphicsState().getTextState().getRenderingMode() != RenderingMode.NEITHER;
                    drawn.add(new Drawn(font.getName(), gid, visible, font.toUnicode(code)));
                    super.showGlyph(m, font, code, displacement);
                }
            }.getText(doc);
        }
        return drawn;
    }

    @Test
    void emojiSequencesAreDrawnAsOneGlyphEachWithoutBoxesAndStillComeBackOutAsText() throws Exception {
        String family = "👨\u200D👩\u200D👧", rainbow = "🏳\uFE0F\u200D🌈", coder = "👩🏽\u200D💻", fire = "❤\uFE0F\u200D🔥";
        byte[] pdf = pdf(List.of(
                line(1, "Ann", "family " + family + " pride " + rainbow + " wave 👋🏽 coder " + coder + " flag 🇩🇪 fire " + fire + " key 1\uFE0F\u20E3"),
                line(2, "سارة", "مرحبا " + family + " بالعالم")), 100);
        List<Drawn> glyphs = glyphs(pdf);
        assertThat(glyphs).isNotEmpty();
        assertThat(glyphs).as("no .notdef (box) glyph anywhere").allSatisfy(g -> assertThat(g.gid()).isNotZero());
        // 7 emoji clusters in the first message, 1 in the second: each is one visible glyph of the emoji font (no
        // separate skin-tone swatch, no second or third family member, no regional indicator letters).
        List<Drawn> visibleEmoji = glyphs.stream().filter(g -> g.visible() && g.font().contains("NotoEmoji")).toList();
        assertThat(visibleEmoji).hasSize(8);
        // The visible ligature glyphs carry no text; the invisible layer gives the sequences back whole.
        String text = repairSurrogates(Normalizer.normalize(render(List.of(line(1, "Ann", "family " + family + " pride " + rainbow + " coder " + coder)), 100),
                Normalizer.Form.NFC));
        assertThat(text).contains(family).contains(rainbow).contains(coder).doesNotContain("?");
        // A look at it: the first page as a PNG under target/ (not asserted pixel by pixel).
        try (var doc = Loader.loadPDF(pdf)) {
            var image = new PDFRenderer(doc).renderImageWithDPI(0, 110);
            Path png = Path.of("target", "pdf-emoji-sequences.png");
            Files.createDirectories(png.getParent());
            ImageIO.write(image, "png", png.toFile());
            assertThat(image.getWidth()).isPositive();
        }
    }
}
