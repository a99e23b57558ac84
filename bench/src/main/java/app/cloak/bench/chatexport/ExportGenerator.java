package app.cloak.bench.chatexport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.SplittableRandom;

/**
 * Writes an invented WhatsApp group export for the parser benchmark: Android (en-GB, {@code dd/MM/yyyy, HH:mm - },
 * LF) or iOS (en-GB, {@code [dd/MM/yyyy, HH:mm:ss] }, CRLF between messages and LF inside, LRM cues). The content
 * is a pure function of the seed and the message count.
 *
 * <pre>java -cp bench/target/classes app.cloak.bench.chatexport.ExportGenerator android|ios MESSAGES SEED OUT</pre>
 *
 * Mix (per message): 84 % typed text of 1-14 words (8 % of them over 2-3 lines, 1 % edited), 6 % media
 * placeholder, 2 % deleted, 2 % link, 1 % location, 1 % system notice (no author on Android, a group label and LRM
 * cue on iOS), 4 % long text (15-40 words).
 */
public final class ExportGenerator {
    static final String[] AUTHORS = {"Nora Lind", "Tomás García", "+49 151 2345678", "Zoë", "Ana Lúcia", "Ben", "Mia-Sophie",
            "Kenji 山田"};
    static final String[] WORDS = ("the a to and of you I it is that in for on this we be are have with not was at so "
            + "but just what like can do get go if all will my me your know one out up about there time now then good "
            + "see think how when yes no ok okay tomorrow today tonight later morning evening train bus station coffee "
            + "dinner lunch weekend meeting photos trip mountain lake beach hike walk run bike rain sun snow cold warm "
            + "Schön danke Grüße später vielleicht café niño mañana très bien ça va 😂 👍 ❤️ 🙏 😅 🎉 haha lol omg btw")
            .split(" ");

    private final boolean ios;
    private final SplittableRandom random;
    private LocalDateTime time = LocalDateTime.of(2023, 1, 1, 8, 0, 0);
    private final StringBuilder line = new StringBuilder(256);

    ExportGenerator(boolean ios, long seed) {
        this.ios = ios;
        this.random = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !(args[0].equals("android") || args[0].equals("ios"))) {
            System.err.println("usage: ExportGenerator android|ios MESSAGES SEED OUT");
            System.exit(2);
        }
        Path out = Path.of(args[3]);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new ExportGenerator(args[0].equals("ios"), Long.parseLong(args[2])).write(w, Integer.parseInt(args[1]));
        }
        System.err.printf("wrote %s: %s messages, %,d bytes%n", out, args[1], Files.size(out));
    }

    void write(Writer w, int messages) throws IOException {
        for (int i = 0; i < messages; i++) {
            time = time.plusSeconds(random.nextInt(120));
            line.setLength(0);
            message();
            line.append(ios ? "\r\n" : "\n");
            w.append(line);
        }
    }

    private void message() {
        String author = AUTHORS[random.nextInt(AUTHORS.length)];
        int p = random.nextInt(100);
        if (p < 1) { // system notice
            String notice = AUTHORS[random.nextInt(AUTHORS.length)] + " added " + AUTHORS[random.nextInt(AUTHORS.length)];
            if (ios) header(true).append("Hiking Club: \u200E").append(notice);
            else header(false).append(notice);
            return;
        }
        if (p < 7) {
            if (ios) header(true).append(author).append(": \u200Eimage omitted");
            else header(false).append(author).append(": <Media omitted>");
            return;
        }
        if (p < 9) {
            if (ios) header(true).append(author).append(": \u200EThis message was deleted.");
            else header(false).append(author).append(": This message was deleted");
            return;
        }
        header(false).append(author).append(": ");
        if (p < 11) {
            words(random.nextInt(1, 6));
            line.append(" https://example.org/p/").append(random.nextInt(1_000_000));
        } else if (p < 12) {
            line.append(ios ? "Location: " : "location: ").append("https://maps.google.com/?q=")
                    .append(47 + random.nextInt(1000) / 1000.0).append(',').append(11 + random.nextInt(1000) / 1000.0);
        } else if (p < 16) {
            words(random.nextInt(15, 41));
        } else {
            words(random.nextInt(1, 15));
            int q = random.nextInt(100);
            if (q < 8) {
                for (int k = random.nextInt(1, 3); k > 0; k--) {
                    line.append('\n');
                    words(random.nextInt(1, 10));
                }
            } else if (q < 9) {
                line.append(ios ? " \u200E<This message was edited>" : " <This message was edited>");
            }
        }
    }

    private StringBuilder header(boolean cue) {
        LocalDateTime t = time;
        if (ios) {
            if (cue) line.append('\u200E');
            line.append('[');
            date(t);
            line.append(", ");
            two(t.getHour()).append(':');
            two(t.getMinute()).append(':');
            two(t.getSecond()).append("] ");
        } else {
            date(t);
            line.append(", ");
            two(t.getHour()).append(':');
            two(t.getMinute()).append(" - ");
        }
        return line;
    }

    private void date(LocalDateTime t) {
        two(t.getDayOfMonth()).append('/');
        two(t.getMonthValue()).append('/').append(t.getYear());
    }

    private StringBuilder two(int v) {
        if (v < 10) line.append('0');
        return line.append(v);
    }

    private void words(int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) line.append(' ');
            line.append(WORDS[random.nextInt(WORDS.length)]);
        }
    }
}
