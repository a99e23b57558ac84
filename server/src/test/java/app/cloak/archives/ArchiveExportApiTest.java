package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every export format, parsed back. */
class ArchiveExportApiTest extends ArchiveApiTestBase {
    static final String CHAT = lf(
            "05/05/2024, 10:00 - Ann: <script>alert(\"x\")</script> & \"quotes\", commas",
            "05/05/2024, 10:01 - سارة: مرحبا بالعالم 😀",
            "05/05/2024, 10:02 - Bob: שלום עולם 👍",
            "05/05/2024, 10:03 - Ann: =SUM(A1)",
            "line two");

    String archive(Session ann) {
        return imported(ann, "WhatsApp Chat with Sara.txt", utf8(CHAT)).get("archiveId").asString();
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(utf8(s)));
    }

    @Test
    void jsonHoldsEveryMessageAndTheProvenance() throws Exception {
        var ann = signUp("Ann");
        String id = archive(ann);
        Reply r = get(ann, "/api/v1/archives/" + id + "/export?format=json");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(".json");
        JsonNode j = r.json();
        assertThat(j.get("provenance").get("sources").get(0).get("sourceSha256").asString()).isEqualTo(sha256(CHAT));
        assertThat(j.get("provenance").get("sources").get(0).get("messages").asInt()).isEqualTo(4);
        JsonNode messages = j.get("messages");
        assertThat(messages).hasSize(4);
        assertThat(messages.get(0).get("text").asString()).isEqualTo("<script>alert(\"x\")</script> & \"quotes\", commas");
        assertThat(messages.get(1).get("author").asString()).isEqualTo("سارة");
        assertThat(messages.get(1).get("text").asString()).isEqualTo("مرحبا بالعالم 😀");
        assertThat(messages.get(3).get("text").asString()).isEqualTo("=SUM(A1)\nline two");
        assertThat(messages.get(3).get("time").asString()).isEqualTo("2024-05-05T10:03");
    }

    @Test
    void csvParsesBackWithFormulasDefused() {
        var ann = signUp("Ann");
        String id = archive(ann);
        Reply r = get(ann, "/api/v1/archives/" + id + "/export?format=csv");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<List<String>> rows = parseCsv(r.text().substring(1)); // the BOM
        assertThat(rows.get(0)).containsExactly("seq", "time", "author_key", "author", "kind", "text", "edited", "media_mime");
        assertThat(rows).hasSize(5);
        assertThat(rows.get(1).get(5)).isEqualTo("<script>alert(\"x\")</script> & \"quotes\", commas");
        assertThat(rows.get(2).get(3)).isEqualTo("سارة");
        assertThat(rows.get(3).get(5)).isEqualTo("שלום עולם 👍");
        assertThat(rows.get(4).get(5)).isEqualTo("'=SUM(A1)\nline two");
        assertThat(rows.get(4).get(1)).isEqualTo("2024-05-05T10:03");
    }

    @Test
    void htmlIsSelfContainedAndEscaped() throws Exception {
        var ann = signUp("Ann");
        String id = archive(ann);
        Reply r = get(ann, "/api/v1/archives/" + id + "/export?format=html");
        assertThat(r.status()).isEqualTo(200);
        String html = r.text();
        assertThat(html).startsWith("<!DOCTYPE html>");
        assertThat(html).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;, commas");
        assertThat(html).doesNotContain("<script");
        assertThat(html).doesNotContain("src=").doesNotContain("href=");
        assertThat(html).contains("مرحبا بالعالم 😀").contains("dir=\"auto\"");
        assertThat(html).contains(sha256(CHAT));
    }

    @Test
    void pdfTranscriptRendersRightToLeftTextAndEmojiWithProvenance() throws Exception {
        var ann = signUp("Ann");
        String id = archive(ann);
        Reply r = get(ann, "/api/v1/archives/" + id + "/export?format=pdf");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        try (var pdf = Loader.loadPDF(r.body())) {
            String text = app.cloak.archives.internal.export.PdfTranscriptTest.repairSurrogates(new PDFTextStripper().getText(pdf));
            String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
            assertThat(text).contains(sha256(CHAT));
            assertThat(text).contains("4 messages");
            assertThat(folded).satisfiesAnyOf(t -> assertThat(t).contains("مرحبا بالعالم"), t -> assertThat(t).contains(reverse("مرحبا بالعالم")));
            assertThat(folded).satisfiesAnyOf(t -> assertThat(t).contains("שלום עולם"), t -> assertThat(t).contains(reverse("שלום עולם")));
            assertThat(text).contains("😀").contains("👍");
            assertThat(text).contains("<script>alert(\"x\")</script>");
            assertThat(text).doesNotContain("?");
            List<String> fonts = new ArrayList<>();
            for (var page : pdf.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    fonts.add(font.getName());
                }
            }
            assertThat(fonts).anyMatch(f -> f.contains("NotoSansArabic"));
            assertThat(fonts).anyMatch(f -> f.contains("NotoSansHebrew"));
            assertThat(fonts).anyMatch(f -> f.contains("NotoEmoji"));
        }
    }

    @Test
    void anUnknownFormatIs400() {
        var ann = signUp("Ann");
        String id = archive(ann);
        Reply r = get(ann, "/api/v1/archives/" + id + "/export?format=docx");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("invalid_format");
    }

    static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    /** RFC 4180: quoted fields may hold commas, quotes (doubled) and line breaks; rows end with CRLF. */
    static List<List<String>> parseCsv(String csv) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                cell.append(c);
            }
        }
        return rows;
    }
}
