package app.cloak.search.bench;

import app.cloak.platform.persistence.Databases;
import app.cloak.platform.persistence.Dialect;
import app.cloak.platform.persistence.Migrations;
import app.cloak.search.internal.BlindTokens;
import app.cloak.search.internal.SearchFixtures;
import app.cloak.search.internal.SearchIndex;
import app.cloak.search.internal.Snippets;
import app.cloak.search.internal.jdbc.SearchIndexConfiguration;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search latency over a generated corpus (default 1,000,000 messages in 1,000 chats; each simulated
 * caller is in 50 of them). Not part of the test suite: the class name matches no Surefire pattern
 * and it only runs with {@code -Dbench.search=true}. See BENCHMARKS.md for the command.
 *
 * <p>Measured per query: analysis + keyed hashing of the query, the index query (limit 20, in a
 * read-only transaction as {@code SearchService} runs it) and the snippets of the hits. Not
 * measured: the chat-membership lookup and decrypting the hits, which messaging does (the text is
 * regenerated here instead).
 *
 * <p>Properties: {@code bench.db} sqlite|postgres, {@code bench.messages}, {@code bench.chats},
 * {@code bench.memberChats}, {@code bench.queries} (per kind), {@code bench.dir} (SQLite file reused
 * between runs when it already holds the corpus).
 */
class SearchBenchmark {
    private static final int VOCABULARY = 30_000;
    private static final long SEED = 42;

    private final String db = System.getProperty("bench.db", "sqlite");
    private final int messages = Integer.getInteger("bench.messages", 1_000_000);
    private final int chats = Integer.getInteger("bench.chats", 1_000);
    private final int memberChats = Integer.getInteger("bench.memberChats", 50);
    private final int queriesPerKind = Integer.getInteger("bench.queries", 300);

    private final BlindTokens tokens = SearchFixtures.tokens();
    private final Snippets snippets = new Snippets(tokens.analysis());
    private final String[] words = vocabulary();
    private final double[] zipf = zipfCumulative(VOCABULARY);
    private final String[] wordTokens = Arrays.stream(words).map(w -> tokens.of(w).getFirst()).toArray(String[]::new);

    @Test
    @EnabledIfSystemProperty(named = "bench.search", matches = "true")
    void searchLatency() throws Exception {
        Dialect dialect = db.equals("postgres") ? Dialect.POSTGRES : Dialect.SQLITE;
        try (HikariDataSource ds = dataSource(dialect)) {
            Migrations.migrate(ds, dialect);
            JdbcClient jdbc = JdbcClient.create(ds);
            SearchIndex index = SearchIndexConfiguration.of(dialect, jdbc);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            long have = jdbc.sql("SELECT COUNT(*) FROM search_docs").query(Long.class).single();
            if (have != messages) build(jdbc, index, tx, dialect, have, ds);
            TransactionTemplate readOnly = new TransactionTemplate(new DataSourceTransactionManager(ds));
            readOnly.setReadOnly(true);
            run(index, readOnly);
        }
    }

    private HikariDataSource dataSource(Dialect dialect) throws Exception {
        if (dialect == Dialect.SQLITE) {
            Path dir = Path.of(System.getProperty("bench.dir", "/tmp/cloak-search-bench-" + messages));
            Files.createDirectories(dir);
            return Databases.pool(Databases.sqliteUrl(dir, "NORMAL"), null, null, 2);
        }
        String base = System.getProperty("bench.postgresUrl", "jdbc:postgresql://127.0.0.1:5432/test");
        String schema = "search_bench_" + messages;
        try (Connection c = DriverManager.getConnection(base, "postgres", "")) {
            c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        return Databases.pool(base + "?currentSchema=" + schema, "postgres", null, 2);
    }

    private void build(JdbcClient jdbc, SearchIndex index, TransactionTemplate tx, Dialect dialect, long have, HikariDataSource ds)
            throws Exception {
        long started = System.nanoTime();
        if (dialect == Dialect.POSTGRES) {
            bulkBuildPostgres(ds);
        } else {
            if (have > 0) jdbc.sql("DELETE FROM search_docs").update();
            if (have > 0) jdbc.sql("DELETE FROM search_terms").update();
            int batch = 10_000;
            for (int from = 0; from < messages; from += batch) {
                int to = Math.min(messages, from + batch);
                int first = from;
                tx.executeWithoutResult(s -> {
                    for (int i = first; i < to; i++) index.put("m" + i, "c" + chatOf(i), tokensOf(i));
                });
                if (to % 100_000 == 0) System.out.printf(Locale.ROOT, "indexed %,d messages (%.0f s)%n", to, (System.nanoTime() - started) / 1e9);
            }
            jdbc.sql("INSERT INTO search_terms (search_terms) VALUES ('optimize')").update();
        }
        System.out.printf(Locale.ROOT, "built index of %,d messages in %.0f s%n", messages, (System.nanoTime() - started) / 1e9);
    }

    /**
     * PostgreSQL's corpus in bulk: one message at a time through {@code SearchIndex.put} took over half an hour
     * here. The messages are copied into {@code search_docs} as the adapter writes them (a tsvector literal of the
     * tokens with positions), then turned into postings by the same SQL as migration V4_2, with the primary key
     * built once at the end. The rows are the ones {@code put} would write.
     */
    private void bulkBuildPostgres(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            var st = c.createStatement();
            st.execute("TRUNCATE search_docs, search_postings");
            st.execute("SET maintenance_work_mem = '512MB'");
            var copy = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI();
            int batch = 100_000;
            for (int from = 0; from < messages; from += batch) {
                StringBuilder rows = new StringBuilder();
                for (int i = from; i < Math.min(messages, from + batch); i++) {
                    rows.append(i + 1).append('\t').append('m').append(i).append('\t').append('c').append(chatOf(i)).append('\t')
                            .append(vector(tokensOf(i))).append('\n');
                }
                copy.copyIn("COPY search_docs (doc_id, message_id, chat_id, terms) FROM STDIN", new java.io.StringReader(rows.toString()));
                System.out.printf(Locale.ROOT, "copied %,d messages%n", Math.min(messages, from + batch));
            }
            st.execute("SELECT setval(pg_get_serial_sequence('search_docs', 'doc_id'), " + messages + ")");
            st.execute("ALTER TABLE search_postings DROP CONSTRAINT search_postings_pkey");
            st.execute("""
                    INSERT INTO search_postings (token, chat_id, doc_id, tf, doc_len)
                    SELECT u.lexeme, d.chat_id, d.doc_id, COALESCE(array_length(u.positions, 1), 1),
                           (SELECT COALESCE(SUM(COALESCE(array_length(v.positions, 1), 1)), 1) FROM unnest(d.terms) v)
                    FROM search_docs d, unnest(d.terms) u""");
            st.execute("ALTER TABLE search_postings ADD PRIMARY KEY (token, chat_id, doc_id) INCLUDE (tf, doc_len)");
            st.execute("VACUUM ANALYZE search_docs");
            st.execute("VACUUM ANALYZE search_postings");
        }
    }

    /** The tsvector literal the PostgreSQL adapter stores for a message: {@code 'ta':1,3 'tb':2}. */
    private static String vector(List<String> tokens) {
        Map<String, StringBuilder> positions = new LinkedHashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            StringBuilder at = positions.computeIfAbsent(tokens.get(i), t -> new StringBuilder());
            if (!at.isEmpty()) at.append(',');
            at.append(i + 1);
        }
        StringBuilder v = new StringBuilder();
        positions.forEach((t, at) -> v.append(v.isEmpty() ? "" : " ").append('\'').append(t).append("':").append(at));
        return v.toString();
    }

    private void run(SearchIndex index, TransactionTemplate readOnly) {
        Random random = new Random(SEED);
        Map<String, List<Double>> timings = new LinkedHashMap<>();
        List<String> kinds = List.of("rare word", "common word", "two words (AND)", "common word, one chat");
        for (String kind : kinds) timings.put(kind, new ArrayList<>());
        long hitsTotal = 0;
        int warmup = 50;
        for (int q = 0; q < warmup + queriesPerKind; q++) {
            for (String kind : kinds) {
                List<String> chatIds = callerChats(random);
                String query = switch (kind) {
                    case "rare word" -> words[5_000 + random.nextInt(VOCABULARY - 5_000)];
                    case "common word", "common word, one chat" -> words[random.nextInt(50)];
                    default -> words[50 + random.nextInt(1_950)] + " " + words[50 + random.nextInt(1_950)];
                };
                if (kind.endsWith("one chat")) chatIds = List.of(chatIds.getFirst());
                long t0 = System.nanoTime();
                List<String> stems = tokens.analysis().stems(query);
                List<String> scope = chatIds;
                List<String> ids = readOnly.execute(s -> index.find(scope, tokens.blind(stems), 20));
                Set<String> marked = new HashSet<>(stems);
                for (String id : ids) snippets.of(textOf(Integer.parseInt(id.substring(1))), marked);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (q >= warmup) {
                    timings.get(kind).add(ms);
                    hitsTotal += ids.size();
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%s, %,d messages, %,d chats, caller in %d chats, %d queries per kind (after %d warm-up)%n",
                db, messages, chats, memberChats, queriesPerKind, warmup);
        System.out.printf(Locale.ROOT, "%-24s %8s %8s %8s %8s%n", "query", "p50 ms", "p95 ms", "p99 ms", "max ms");
        List<Double> all = new ArrayList<>();
        for (var e : timings.entrySet()) {
            print(e.getKey(), e.getValue());
            all.addAll(e.getValue());
        }
        print("all", all);
        System.out.printf(Locale.ROOT, "average hits per query: %.1f%n", hitsTotal / (double) all.size());
    }

    private static void print(String label, List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-24s %8.2f %8.2f %8.2f %8.2f%n", label, pct(v, 50), pct(v, 95), pct(v, 99), v[v.length - 1]);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private List<String> callerChats(Random random) {
        Set<String> ids = new HashSet<>();
        while (ids.size() < Math.min(memberChats, chats)) ids.add("c" + random.nextInt(chats));
        return new ArrayList<>(ids);
    }

    // --- the corpus: message i is a pure function of i, so texts can be regenerated for snippets

    private int chatOf(int i) {
        return new SplittableRandom(SEED * 31 + i).nextInt(chats);
    }

    private int[] wordsOf(int i) {
        SplittableRandom r = new SplittableRandom(SEED * 17 + i);
        int[] w = new int[3 + r.nextInt(18)]; // 3..20 words, ~11.5 on average
        for (int k = 0; k < w.length; k++) {
            int idx = Arrays.binarySearch(zipf, r.nextDouble());
            w[k] = Math.min(VOCABULARY - 1, idx < 0 ? -idx - 1 : idx);
        }
        return w;
    }

    private List<String> tokensOf(int i) {
        int[] w = wordsOf(i);
        List<String> t = new ArrayList<>(w.length);
        for (int k : w) t.add(wordTokens[k]);
        return t;
    }

    private String textOf(int i) {
        StringBuilder text = new StringBuilder();
        for (int k : wordsOf(i)) text.append(text.isEmpty() ? "" : " ").append(words[k]);
        return text.toString();
    }

    /** 30,000 distinct pronounceable words; rank 0 is the most frequent. */
    private static String[] vocabulary() {
        String[] syllables = {"ka", "lo", "mi", "ra", "te", "su", "an", "po", "vi", "ne", "do", "ri", "ba", "el", "to",
                "mu", "sa", "pe", "li", "or", "ga", "fu", "ni", "ho", "ze", "ku", "wa", "ti", "be", "ro"};
        Set<String> seen = new java.util.LinkedHashSet<>();
        Random r = new Random(SEED);
        while (seen.size() < VOCABULARY) {
            StringBuilder w = new StringBuilder();
            int n = 2 + r.nextInt(3);
            for (int k = 0; k < n; k++) w.append(syllables[r.nextInt(syllables.length)]);
            seen.add(w.toString());
        }
        return seen.toArray(String[]::new);
    }

    /** Zipf (s = 1) over the vocabulary, as word frequencies in chat roughly are. */
    private static double[] zipfCumulative(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) c[k] = sum += 1.0 / (k + 1);
        for (int k = 0; k < n; k++) c[k] /= sum;
        return c;
    }
}
