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
import org.apache.fontbox.ttf.HorizontalMetricsTable;
import org.apache.fontbox.ttf.model.GsubData;
import org.apache.fontbox.ttf.model.ScriptFeature;
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

    /**
     * {@code ccmp}: the font's glyph-composition ligatures (Noto Emoji keeps its ZWJ sequences, flags, keycaps and
     * skin-tone forms there), or null; {@code hmtx}/{@code unitsPerEm} for the width of a glyph that has no code point.
     * All read eagerly, so sharing them across threads only reads.
     */
    private record Face(String name, byte[] bytes, CmapLookup cmap, ScriptFeature ccmp, HorizontalMetricsTable hmtx, int unitsPerEm) {}

    /** A glyph of a face, found by a GSUB ligature rather than the cmap. */
    record Glyph(int face, int gid) {}

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

    /**
     * The one glyph a font draws for a whole grapheme cluster (👨‍👩‍👧, 🏳️‍🌈, 👍🏽, 🇩🇪, 1️⃣), found in the fonts' {@code ccmp}
     * ligatures, or null. PDFBox does no shaping, so this is looked up here: the cluster's code points without variation
     * selectors (Noto's ligatures leave them out) are mapped through the cmap and the resulting glyph sequence looked
     * up as a ligature; a right-to-left line reverses code points, so the reversed sequence is tried too.
     */
    static Glyph ligature(int[] codePoints) {
        int[] plain = java.util.Arrays.stream(codePoints).filter(cp -> cp != 0xFE0F && cp != 0xFE0E).toArray();
        if (plain.length < 2) return null;
        int[] reversed = new int[plain.length];
        for (int i = 0; i < plain.length; i++) reversed[i] = plain[plain.length - 1 - i];
        for (int[] seq : List.of(plain, reversed)) {
            for (int f = 0; f < FACES.size(); f++) {
                Face face = FACES.get(f);
                if (face.ccmp() == null) continue;
                List<Integer> gids = new ArrayList<>(seq.length);
                for (int cp : seq) {
                    int gid = face.cmap().getGlyphId(cp);
                    if (gid <= 0) break;
                    gids.add(gid);
                }
                if (gids.size() == seq.length && face.ccmp().canReplaceGlyphs(gids)) {
                    Integer gid = face.ccmp().getReplacementForGlyphs(gids);
                    if (gid != null && gid > 0) return new Glyph(f, gid);
                }
            }
        }
        return null;
    }

    /** A glyph's advance in PDF text space units (1/1000 of the font size). */
    static float advance(Glyph g) {
        Face face = FACES.get(g.face());
        return face.hmtx().getAdvanceWidth(g.gid()) * 1000f / face.unitsPerEm();
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
        GsubData gsub = ttf.getGsubData();
        ScriptFeature ccmp = gsub != null && gsub.isFeatureSupported("ccmp") ? gsub.getFeature("ccmp") : null;
        return new Face(name, bytes, ttf.getUnicodeCmapLookup(), ccmp, ttf.getHorizontalMetrics(), ttf.getUnitsPerEm());
    }

}
