package app.cloak.search.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessagingApi;
import app.cloak.search.SearchApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Fields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers a user's search: only chats they are in, ranked by the index, then filtered once more by
 * messaging (which drops what the user may not see) before the snippet is built from the plaintext.
 */
@Service
public class SearchService implements SearchApi {
    public static final int MAX_QUERY_CHARS = 256;
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 50;
    /** Words past this many add little and make the query slower. */
    static final int MAX_QUERY_TERMS = 16;

    public record Hit(Message message, String snippet) {}

    private final SearchIndex index;
    private final BlindTokens tokens;
    private final Snippets snippets;
    private final ChatsApi chats;
    private final MessagingApi messaging;

    SearchService(SearchIndex index, BlindTokens tokens, Snippets snippets, ChatsApi chats, MessagingApi messaging) {
        this.index = index;
        this.tokens = tokens;
        this.snippets = snippets;
        this.chats = chats;
        this.messaging = messaging;
    }

    @Transactional(readOnly = true)
    public List<Hit> search(String userId, String q, String chatId, Integer limit) {
        Fields.text(Fields.required(q, "q"), "q", MAX_QUERY_CHARS);
        int max = limit == null ? DEFAULT_LIMIT : Math.clamp(limit, 1, MAX_LIMIT);
        Collection<String> chatIds;
        if (chatId != null && !chatId.isBlank()) {
            if (!chats.isMember(chatId, userId)) throw ApiProblem.notFound("Chat");
            chatIds = List.of(chatId);
        } else {
            chatIds = chats.chatIdsOf(userId);
        }
        Set<String> stems = new LinkedHashSet<>(tokens.analysis().stems(q));
        if (stems.isEmpty() || chatIds.isEmpty()) return List.of();
        List<String> queryStems = stems.stream().limit(MAX_QUERY_TERMS).toList();
        // A few extra candidates make up for hits messaging leaves out (e.g. deleted for this user).
        List<String> ids = index.find(chatIds, tokens.blind(queryStems), max + 10);
        if (ids.isEmpty()) return List.of();
        Set<String> marked = Set.copyOf(queryStems);
        List<Hit> hits = new ArrayList<>();
        // chatIds are the caller's (looked up above), so messaging need not look them up a second time.
        for (Message m : messaging.visibleIn(userId, chatIds, ids)) {
            if (hits.size() == max) break;
            if (m.deleted() || m.text() == null) continue;
            hits.add(new Hit(m, snippets.of(m.text(), marked)));
        }
        return hits;
    }

    @Override
    @Transactional
    public void remove(Collection<String> messageIds) {
        index.remove(messageIds);
    }
}
