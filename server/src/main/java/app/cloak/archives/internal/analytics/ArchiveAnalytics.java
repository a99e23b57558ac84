package app.cloak.archives.internal.analytics;

import app.cloak.archives.internal.TranscriptLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The dashboard's numbers, computed once per import or merge from the whole archive in reading order and stored.
 * Definitions (docs/conversation-reader.md repeats them): a participant's messages are the messages they wrote
 * (system and encryption notices have no author); words are Lucene StandardTokenizer tokens, not emoji, of text
 * messages and media captions; media are image, video, audio, voice, document, sticker, GIF and omitted-media
 * messages; a reply is a message whose author differs from the previous authored message's, within
 * {@link #REPLY_WINDOW}; its response time is the gap between the two. Days, weeks, hours are the export's wall clock.
 */
public final class ArchiveAnalytics {
    static final Duration REPLY_WINDOW = Duration.ofHours(24);
    static final int TOP = 50;
    static final int LANGUAGE_SAMPLE = 50_000;
    private static final Set<String> MEDIA = Set.of("IMAGE", "VIDEO", "AUDIO", "VOICE", "DOCUMENT", "STICKER", "GIF", "MEDIA");
    private static final Set<String> WORDY = Set.of("TEXT", "IMAGE", "VIDEO", "AUDIO", "VOICE", "DOCUMENT", "STICKER", "GIF", "MEDIA");
    private static final Analyzer TOKENS = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            return new TokenStreamComponents(source, new LowerCaseFilter(source));
        }
    };

    public record Result(Totals totals, String language, List<Participant> participants, Activity activity, Heatmap heatmap,
                         List<Count> topWords, List<Count> topEmoji, List<ResponseTime> responseTimes, List<Reply> replies,
                         SentimentTrend sentiment) {}

    public record Totals(int messages, int authoredMessages, long words, int media, int emoji, int participants,
                         String firstMessageAt, String lastMessageAt, int activeDays) {}

    public record Participant(String authorKey, String name, int messages, long words, int media, int emoji, double sentiment) {}

    public record Activity(List<Bucket> byDay, List<Bucket> byWeek, List<Bucket> byMonth) {}

    public record Bucket(String period, int messages) {}

    /** counts[weekday 0 = Monday][hour 0..23]. */
    public record Heatmap(List<String> weekdays, int[][] counts) {}

    public record Count(String term, int count) {}

    public record ResponseTime(String authorKey, int replies, long medianSeconds, long meanSeconds) {}

    public record Reply(String from, String to, int count) {}

    public record SentimentTrend(List<String> lexiconLanguages, String scoredLanguage, List<SentimentBucket> byMonth) {}

    public record SentimentBucket(String month, int messages, int positive, int negative, double average) {}

    private ArchiveAnalytics() {}

    private record Tokens(List<String> words, List<String> emoji) {}

    public static Result compute(List<TranscriptLine> lines) {
        List<Tokens> tokens = new ArrayList<>(lines.size());
        Emoji emojiScan = new Emoji();
        Tokens none = new Tokens(List.of(), List.of());
        for (TranscriptLine l : lines) tokens.add(l.authored() && WORDY.contains(l.kind()) ? tokenize(l.text(), emojiScan) : none);
        String language = language(tokens);
        CharArraySet stop = language == null ? CharArraySet.EMPTY_SET : StopWords.BY_LANGUAGE.get(language);
        Map<String, Integer> lexicon = language == null ? Map.of() : Sentiment.words(language);
        Map<String, Integer> emojiLexicon = Sentiment.emoji();

        Map<String, int[]> perAuthor = new LinkedHashMap<>(); // messages, media, emoji, scoredSum
        Map<String, long[]> perAuthorWords = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        TreeMap<String, Integer> days = new TreeMap<>(), weeks = new TreeMap<>(), months = new TreeMap<>();
        int[][] heat = new int[7][24];
        Map<String, Integer> words = new HashMap<>(), emoji = new HashMap<>();
        Map<String, List<Long>> responses = new LinkedHashMap<>();
        Map<String, Integer> replies = new LinkedHashMap<>();
        TreeMap<String, int[]> sentimentMonths = new TreeMap<>(); // messages, positive, negative, sum
        Map<String, int[]> sentimentAuthors = new HashMap<>(); // scored messages, sum
        long totalWords = 0;
        int media = 0, emojiTotal = 0, authored = 0;
        TranscriptLine previous = null;
        java.time.LocalDate lastDate = null;
        String dayKey = null, weekKey = null, monthKey = null;

        for (int i = 0; i < lines.size(); i++) {
            TranscriptLine l = lines.get(i);
            if (!l.authored()) continue;
            authored++;
            Tokens t = tokens.get(i);
            String key = l.authorKey();
            names.put(key, l.authorName());
            int[] a = perAuthor.computeIfAbsent(key, k -> new int[3]);
            a[0]++;
            if (MEDIA.contains(l.kind())) {
                a[1]++;
                media++;
            }
            a[2] += t.emoji().size();
            emojiTotal += t.emoji().size();
            perAuthorWords.computeIfAbsent(key, k -> new long[1])[0] += t.words().size();
            totalWords += t.words().size();
            LocalDateTime time = l.time();
            if (!time.toLocalDate().equals(lastDate)) { // messages come in days: format the keys once per day
                lastDate = time.toLocalDate();
                dayKey = lastDate.toString();
                weekKey = String.format("%d-W%02d", lastDate.get(IsoFields.WEEK_BASED_YEAR), lastDate.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                monthKey = String.format("%04d-%02d", lastDate.getYear(), lastDate.getMonthValue());
            }
            String month = monthKey;
            days.merge(dayKey, 1, Integer::sum);
            weeks.merge(weekKey, 1, Integer::sum);
            months.merge(month, 1, Integer::sum);
            heat[time.getDayOfWeek().getValue() - 1][time.getHour()]++;
            for (String w : t.words()) {
                if (w.length() < 2 || stop.contains(w) || digits(w)) continue;
                words.merge(w, 1, Integer::sum);
            }
            for (String e : t.emoji()) emoji.merge(e, 1, Integer::sum);
            if (previous != null && !previous.authorKey().equals(key)) {
                long gap = Duration.between(previous.time(), time).getSeconds();
                if (gap >= 0 && gap <= REPLY_WINDOW.getSeconds()) {
                    responses.computeIfAbsent(key, k -> new ArrayList<>()).add(gap);
                    replies.merge(key + "\u0000" + previous.authorKey(), 1, Integer::sum);
                }
            }
            previous = l;
            if (l.kind().equals("TEXT")) {
                int score = 0;
                for (String w : t.words()) score += lexicon.getOrDefault(w, 0);
                for (String e : t.emoji()) score += emojiLexicon.getOrDefault(e, emojiLexicon.getOrDefault(stripVariation(e), 0));
                int[] s = sentimentMonths.computeIfAbsent(month, k -> new int[4]);
                s[0]++;
                if (score > 0) s[1]++;
                if (score < 0) s[2]++;
                s[3] += score;
                int[] sa = sentimentAuthors.computeIfAbsent(key, k -> new int[2]);
                sa[0]++;
                sa[1] += score;
            }
        }

        List<Participant> participants = new ArrayList<>();
        perAuthor.forEach((key, a) -> {
            int[] sa = sentimentAuthors.getOrDefault(key, new int[2]);
            participants.add(new Participant(key, names.get(key), a[0], perAuthorWords.get(key)[0], a[1], a[2],
                    sa[0] == 0 ? 0 : round(sa[1] / (double) sa[0])));
        });
        participants.sort(Comparator.comparingInt(Participant::messages).reversed().thenComparing(Participant::authorKey));

        List<ResponseTime> responseTimes = new ArrayList<>();
        responses.forEach((key, gaps) -> {
            List<Long> sorted = gaps.stream().sorted().toList();
            long median = sorted.size() % 2 == 1 ? sorted.get(sorted.size() / 2)
                    : (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
            long mean = Math.round(sorted.stream().mapToLong(Long::longValue).average().orElse(0));
            responseTimes.add(new ResponseTime(key, sorted.size(), median, mean));
        });
        responseTimes.sort(Comparator.comparing(ResponseTime::authorKey));
        List<Reply> replyList = new ArrayList<>();
        replies.forEach((k, n) -> {
            String[] p = k.split("\u0000", 2);
            replyList.add(new Reply(p[0], p[1], n));
        });
        replyList.sort(Comparator.comparingInt(Reply::count).reversed().thenComparing(Reply::from).thenComparing(Reply::to));

        List<SentimentBucket> trend = new ArrayList<>();
        sentimentMonths.forEach((m, s) -> trend.add(new SentimentBucket(m, s[0], s[1], s[2], s[0] == 0 ? 0 : round(s[3] / (double) s[0]))));

        var first = lines.stream().filter(TranscriptLine::authored).map(TranscriptLine::time).min(Comparator.naturalOrder());
        var last = lines.stream().filter(TranscriptLine::authored).map(TranscriptLine::time).max(Comparator.naturalOrder());
        return new Result(
                new Totals(lines.size(), authored, totalWords, media, emojiTotal, participants.size(),
                        first.map(LocalDateTime::toString).orElse(null), last.map(LocalDateTime::toString).orElse(null), days.size()),
                language, participants,
                new Activity(buckets(days), buckets(weeks), buckets(months)),
                new Heatmap(java.util.Arrays.stream(DayOfWeek.values()).map(Enum::name).toList(), heat),
                top(words), top(emoji), responseTimes, replyList,
                new SentimentTrend(Sentiment.LANGUAGES.stream().sorted().toList(),
                        language != null && Sentiment.LANGUAGES.contains(language) ? language : null, trend));
    }

    /** The language whose stop words cover most tokens; null when none covers any. */
    static String language(List<Tokens> tokens) {
        Map<String, Integer> hits = new HashMap<>();
        int seen = 0;
        for (Tokens t : tokens) {
            if (seen > LANGUAGE_SAMPLE) break; // plenty to tell languages apart
            seen += t.words().size();
            for (String w : t.words()) {
                for (var e : StopWords.BY_LANGUAGE.entrySet()) if (e.getValue().contains(w)) hits.merge(e.getKey(), 1, Integer::sum);
            }
        }
        return hits.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static Tokens tokenize(String text, Emoji emoji) {
        if (text == null || text.isBlank()) return new Tokens(List.of(), List.of());
        List<String> words = new ArrayList<>();
        try (TokenStream stream = TOKENS.tokenStream("text", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                if (!"<EMOJI>".equals(type.type()) && term.length() > 0) words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Tokens(words, emoji.in(text));
    }

    private static boolean digits(String w) {
        for (int i = 0; i < w.length(); i++) if (!Character.isDigit(w.charAt(i))) return false;
        return true;
    }

    private static String stripVariation(String emoji) {
        return emoji.replace("\uFE0F", "");
    }

    private static List<Bucket> buckets(TreeMap<String, Integer> counts) {
        List<Bucket> out = new ArrayList<>(counts.size());
        counts.forEach((k, v) -> out.add(new Bucket(k, v)));
        return out;
    }

    private static List<Count> top(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new Count(e.getKey(), e.getValue())).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
