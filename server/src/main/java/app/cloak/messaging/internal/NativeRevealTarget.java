package app.cloak.messaging.internal;

import app.cloak.privacy.CloakRules.ReadState;
import app.cloak.privacy.spi.RevealTarget;
import org.springframework.stereotype.Component;

/** Reveals in Cloak's own chats land on the public read watermark; senders get message.status. */
@Component
class NativeRevealTarget implements RevealTarget {
    private final ReceiptService receipts;
    private final MessageStore store;

    NativeRevealTarget(ReceiptService receipts, MessageStore store) {
        this.receipts = receipts;
        this.store = store;
    }

    @Override
    public boolean handles(String chatId) {
        return chatId.startsWith("c_");
    }

    @Override
    public ReadState readState(String userId, String chatId) {
        return receipts.cloakState(chatId, userId);
    }

    @Override
    public long fromOthers(String userId, String chatId, long afterSeq, long upToSeq) {
        if (upToSeq <= afterSeq) return 0;
        return store.countUnread(chatId, userId, afterSeq) - store.countUnread(chatId, userId, upToSeq);
    }

    @Override
    public long lastSeq(String chatId) {
        return store.lastSeq(chatId);
    }

    @Override
    public ReadState apply(String userId, String chatId, ReadState next) {
        return receipts.apply(chatId, userId, next);
    }
}
