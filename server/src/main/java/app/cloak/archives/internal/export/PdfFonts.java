package app.cloak.archives.internal.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The fonts a transcript is set in, in fallback order: Latin, Arabic, Hebrew and emoji fonts bundled with Cloak
 * (Noto, OFL; see resources/archives/fonts), then DejaVu Sans where the machine has it (Cyrillic, Greek, symbols).
 * Each code point goes to the first font with a glyph for it. The bytes are read once; each PDF embeds its own
 * subsets (a loaded PDFBox font belongs to one document).
 */
final class PdfFonts {
    private static final List<String> BUNDLED = List.of("NotoSansArabic-latin", "NotoSansArabic-latin-ext", "NotoSansArabic-arabic",
            "NotoSansHebrew-hebrew", "NotoEmoji-emoji", "NotoEmoji-0", "NotoEmoji-1", "NotoEmoji-2", "NotoEmoji-3", "NotoEmoji-4",
            "NotoEmoji-5", "NotoEmoji-6", "NotoEmoji-7", "NotoEmoji-8", "NotoEmoji-9", "NotoEmoji-10");
    private static final List<Path> SYSTEM = List.of(Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));

    private record Face(String name, byte[] bytes, CmapLookup cmap) {}

    private static final List<Face> FACES = load();

    private final PDDocument doc;
    private final PDType0Font[] loaded = new PDType0Font[FACES.size()];

    PdfFonts(PDDocument doc) {
        this.doc = doc;
    }

    /** Index of the first font with a glyph for {@code codePoint}, or -1. */
    static int faceFor(int codePoint) {
        for (int i = 0; i < FACES.size(); i++) if (FACES.get(i).cmap().getGlyphId(codePoint) > 0) return i;
        return -1;
    }

    PDType0Font font(int face) {
        if (loaded[face] == null) {
            try {
                // Glyph substitution off: PDFBox's GSUB pass would swap emoji for glyphs with no Unicode mapping (so text
                // extraction and search in the PDF lose them); Arabic is shaped before, into presentation forms.
                TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FACES.get(face).bytes()));
                ttf.setEnableGsub(false);
                loaded[face] = PDType0Font.load(doc, ttf, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded[face];
    }

    static List<String> names() {
        return FACES.stream().map(Face::name).toList();
    }

    private static List<Face> load() {
        List<Face> faces = new ArrayList<>();
        try {
            for (String name : BUNDLED) {
                try (InputStream in = PdfFonts.class.getResourceAsStream("/archives/fonts/" + name + ".ttf")) {
                    if (in == null) throw new IllegalStateException("missing font " + name);
                    faces.add(face(name, in.readAllBytes()));
                }
            }
            for (Path p : SYSTEM) if (Files.isReadable(p)) faces.add(face(p.getFileName().toString(), Files.readAllBytes(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(faces);
    }

    private static Face face(String name, byte[] bytes) throws IOException {
        TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(bytes));
        return new Face(name, bytes, ttf.getUnicodeCmapLookup());
    }

}
