package app.cloak.bench.chatexport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ExportGeneratorTest {
    private static final Pattern ANDROID = Pattern.compile("^\\d{2}/\\d{2}/\\d{4}, \\d{2}:\\d{2} - .+");
    private static final Pattern IOS = Pattern.compile("^\u200E?\\[\\d{2}/\\d{2}/\\d{4}, \\d{2}:\\d{2}:\\d{2}] .+: .*");

    private static String generate(boolean ios, long seed, int messages) throws IOException {
        StringWriter w = new StringWriter();
        new ExportGenerator(ios, seed).write(w, messages);
        return w.toString();
    }

    @Test
    void sameSeedSameExportOtherSeedOtherExport() throws IOException {
        assertEquals(generate(false, 7, 2000), generate(false, 7, 2000));
        assertNotEquals(generate(false, 7, 2000), generate(false, 8, 2000));
    }

    @Test
    void androidWritesOneHeaderPerMessageAndLfLineEnds() throws IOException {
        String text = generate(false, 7, 3000);
        assertTrue(text.indexOf('\r') < 0);
        long headers = text.lines().filter(l -> ANDROID.matcher(l).matches()).count();
        assertEquals(3000, headers);
    }

    @Test
    void iosEndsMessagesWithCrlfAndLinesInsideWithLf() throws IOException {
        String text = generate(true, 7, 3000);
        String[] messages = text.split("\r\n");
        assertEquals(3000, messages.length);
        for (String m : messages) assertTrue(IOS.matcher(m.split("\n", 2)[0]).matches(), m);
        assertTrue(text.contains("\n") && text.replace("\r\n", "").contains("\n"), "some multi-line messages");
    }

    @Test
    void aboutSeventyBytesPerMessage() throws IOException {
        int bytes = generate(false, 7, 10_000).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertTrue(bytes > 60 * 10_000 && bytes < 85 * 10_000, "bytes: " + bytes);
    }
}
