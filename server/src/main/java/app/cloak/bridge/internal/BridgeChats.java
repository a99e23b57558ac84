package app.cloak.bridge.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether a chat is a bridged one, asked for every message sent and every reveal anywhere: answered from memory after
 * the first look. Safe to cache both ways: a chat is recorded as bridged in the transaction that creates it, before it
 * can carry a message, and a chat never changes kind.
 */
@Component
class BridgeChats {
    private final BridgeStore store;
    private final Cache<String, Optional<BridgeStore.BridgeChat>> cache = Caffeine.newBuilder().maximumSize(200_000).build();

    BridgeChats(BridgeStore store) {
        this.store = store;
    }

    Optional<BridgeStore.BridgeChat> find(String chatId) {
        if (chatId == null) return Optional.empty();
        Optional<BridgeStore.BridgeChat> known = cache.getIfPresent(chatId);
        if (known != null) return known;
        Optional<BridgeStore.BridgeChat> found = store.chat(chatId);
        // A miss is final too: a chat id is unknown to everyone until the transaction that records it as bridged commits.
        cache.put(chatId, found);
        return found;
    }
}
