package app.cloak.archives.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two-thread parse (reader thread + classifying caller) gives exactly what the one-thread parse gives. */
class ParseThreadsTest {

    private static String bigChat() {
        StringBuilder sb = new StringBuilder("\uFEFF");
        for (int i = 0; i < 20_000; i++) {
            int d = 1 + i / 1440 % 28, h = i / 60 % 24, m = i % 60;
            String head = String.format("%02d/03/2021, %02d:%02d - ", d, h, m);
            switch (i % 9) {
                case 0 -> sb.append(head).append("Zoë: <Media omitted>\n");
                case 1 -> sb.append(head).append("Ben added Ana\n");
                case 2 -> sb.append(head).append("山田: two\nlines ").append(i).append('\n');
                case 3 -> sb.append(head).append("Ana: location: https://maps.google.com/?q=1.5,2.5\n");
                case 4 -> sb.append(head).append("Ana: POLL:\nWhere?\nOPTION: Here (2 votes)\nOPTION: There (0 votes)\n");
                case 5 -> sb.append(head).append("Ben: edited ").append(i).append(" <This message was edited>\n");
                default -> sb.append(head).append("Ben: hello ").append(i).append('\n');
            }
            if (i == 7_000) sb.append("31/02/2021, 10:00 - Ana: no such day\n");
        }
        return sb.toString();
    }

    private record Result(List<ParsedMessage> messages, ParseReport report) {
    }

    private static Result parse(InputStream in, int threads) throws IOException {
        List<ParsedMessage> out = new ArrayList<>();
        ParseReport r = ChatExportParser.parse(in, new ParseOptions(null, null, threads), out::add);
        return new Result(out, r);
    }

    @ParameterizedTest
    @ValueSource(strings = {"android-group-en", "android-family-de", "ios-direct-en-us", "ios-direct-ar"})
    void goldenExportsParseTheSameOnOneAndTwoThreads(String name) throws IOException {
        byte[] data = getClass().getResourceAsStream("/archives/golden/" + name + ".txt").readAllBytes();
        Result one = parse(new ByteArrayInputStream(data), 1);
        Result two = parse(new ByteArrayInputStream(data), 2);
        assertThat(two.messages()).isEqualTo(one.messages());
        assertThat(two.report()).isEqualTo(one.report());
    }

    @Test
    void aLongChatParsesTheSameOnOneAndTwoThreads() throws IOException {
        byte[] data = bigChat().getBytes(StandardCharsets.UTF_8);
        Result one = parse(new ByteArrayInputStream(data), 1);
        Result two = parse(new ByteArrayInputStream(data), 2);
        assertThat(one.messages()).hasSize(20_000);
        assertThat(one.report().unparsedCount()).isEqualTo(1);
        assertThat(two.messages()).isEqualTo(one.messages());
        assertThat(two.report()).isEqualTo(one.report());
        assertThat(one.report().byType()).containsEntry(Kind.POLL, (20_000 - 4 + 8) / 9).containsKey(Kind.SYSTEM)
                .containsKey(Kind.LOCATION).containsKey(Kind.MEDIA);
    }

    @Test
    void theSinkRunsOnTheCallingThread() throws IOException {
        Thread caller = Thread.currentThread();
        List<Thread> seen = new ArrayList<>();
        ChatExportParser.parse(new ByteArrayInputStream(bigChat().getBytes(StandardCharsets.UTF_8)), new ParseOptions(null, null, 2),
                m -> {
                    if (seen.isEmpty() || seen.get(seen.size() - 1) != Thread.currentThread()) seen.add(Thread.currentThread());
                });
        assertThat(seen).containsExactly(caller);
    }

    @Test
    void aFailingSinkStopsTheReaderAndItsErrorReachesTheCaller() throws InterruptedException {
        int before = readerThreads();
        int[] calls = {0};
        assertThatThrownBy(() -> ChatExportParser.parse(new ByteArrayInputStream(bigChat().getBytes(StandardCharsets.UTF_8)),
                new ParseOptions(null, null, 2), m -> {
                    if (++calls[0] == 3000) throw new IllegalStateException("store full");
                })).isInstanceOf(IllegalStateException.class).hasMessage("store full");
        assertThat(calls[0]).isEqualTo(3000);
        assertThat(readerThreads()).isEqualTo(before); // the reader thread has ended (joined before the throw)
    }

    @Test
    void aFailingInputReachesTheCaller() {
        InputStream broken = new InputStream() {
            private final InputStream data = new ByteArrayInputStream(bigChat().getBytes(StandardCharsets.UTF_8));
            private int read;

            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (read > 300_000) throw new IOException("disk gone");
                int n = data.read(b, off, Math.min(len, 4096));
                read += Math.max(n, 0);
                return n;
            }
        };
        assertThatThrownBy(() -> parse(broken, 2)).isInstanceOf(IOException.class).hasMessage("disk gone");
    }

    private static int readerThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("chat-export-reader")).count();
    }
}
