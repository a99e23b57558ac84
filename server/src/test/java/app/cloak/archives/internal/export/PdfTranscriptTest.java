package app.cloak.archives.internal.export;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.archives.internal.TranscriptLine;
import java.io.ByteArrayOutputStream;
import java.text.Normalizer;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The transcript's text comes back out of the PDF: every glyph was set in a font that has it. */
public class PdfTranscriptTest {
    static final Provenance PROVENANCE = new Provenance("ar_1", "Test", "UTC", "ann", "2026-01-01T00:00:00Z",
            List.of(new Provenance.Source(1, "import", "chat.txt", "ab".repeat(32), 10, "2026-01-01T00:00:00Z", 3, 3, 0, 0, 0, "DMY",
                    "test", "android")),
            List.of(new Provenance.Participant("ann", "Ann", 2)));

    static String render(List<TranscriptLine> lines, int max) throws Exception {
        var out = new ByteArrayOutputStream();
        try (var pdf = new PdfTranscript(out, PROVENANCE, max)) {
            lines.forEach(pdf::line);
        }
        try (var doc = Loader.loadPDF(out.toByteArray())) {
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
            if (Character.isLowSurrogate(c[i]) && Character.isHighSurrogate(c[i + 1])) {
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
}
