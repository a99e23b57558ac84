package app.cloak.search.internal;

import app.cloak.messaging.BulkAppendListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Indexes a bulk append (an import, a bridged batch) inside the appending transaction: each chunk's texts are
 * analysed on whichever core messaging's pipeline runs them (segmentation, folding, stemming, keyed hash), and
 * written right after the chunk's messages, so the messages are findable the moment they are committed and
 * never again read back for indexing. Chats repeat their words: each distinct word of a batch is stemmed and
 * hashed once (the same tokens as {@link BlindTokens#of}, which stems every occurrence).
 */
@Component
class BulkIndexing implements BulkAppendListener {
    private final SearchIndex index;
    private final BlindTokens tokens;

    BulkIndexing(SearchIndex index, BlindTokens tokens) {
        this.index = index;
        this.tokens = tokens;
    }

    @Override
    public Batch<Object> begin(String chatId) {
        Map<String, String> blind = new ConcurrentHashMap<>();
        TextAnalysis analysis = tokens.analysis();
        return new Batch<>() {
            @Override
            public Object prepare(Map<String, String> texts) {
                var stemmer = analysis.stemmer(); // one per chunk: a Snowball stemmer keeps state
                Function<String, String> token = word -> tokens.token(stemmer.apply(word));
                Map<String, List<String>> out = new LinkedHashMap<>();
                texts.forEach((id, text) -> {
                    List<String> words = analysis.words(text);
                    List<String> t = new ArrayList<>(words.size());
                    for (String word : words) t.add(blind.computeIfAbsent(word, token));
                    out.put(id, t);
                });
                return index.prepareNew(chatId, out);
            }

            @Override
            public void write(Object prepared) {
                index.addNew(prepared);
            }
        };
    }
}
