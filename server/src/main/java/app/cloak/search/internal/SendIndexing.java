package app.cloak.search.internal;

import app.cloak.messaging.SendListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Indexes sent messages inside their sends' transaction: the tokens are worked out on each sender's thread
 * ({@link #prepare}: segmentation, folding, stemming, keyed hash), and the send writer only writes them, all of a
 * batch of sends (a group commit) in one statement pair after the batch's message rows. A message is findable the
 * moment its send is acknowledged, and its indexing costs no second transaction, no read of its text and no turn at
 * SQLite's write lock of its own (ADR 0002). Only where the index says so ({@link SearchIndex#indexesSendsInTheirTransaction}:
 * SQLite); on PostgreSQL the durable consumer indexes sends beside the writer, as it always did.
 */
@Component
class SendIndexing implements SendListener<List<String>> {
    private final SearchIndex index;
    private final BlindTokens tokens;

    SendIndexing(SearchIndex index, BlindTokens tokens) {
        this.index = index;
        this.tokens = tokens;
    }

    /** Nothing where the index leaves sends to the durable consumer ({@link SearchIndex#indexesSendsInTheirTransaction}). */
    @Override
    public List<String> prepare(String text) {
        return index.indexesSendsInTheirTransaction() ? tokens.of(text) : List.of();
    }

    /** New messages, so no earlier entries to replace; a text without a word leaves nothing in the index. */
    @Override
    public void stored(List<Stored<List<String>>> messages) {
        List<Object> prepared = new ArrayList<>(messages.size());
        for (var m : messages) {
            if (!m.prepared().isEmpty()) prepared.add(index.prepareNew(m.chatId(), Map.of(m.messageId(), m.prepared())));
        }
        if (!prepared.isEmpty()) index.addAllNew(prepared);
    }
}
