package app.cloak.bridge.internal;

import app.cloak.privacy.CloakRules.ReadState;
import app.cloak.privacy.spi.RevealTarget;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Reveals in a bridged chat: the owner's watermarks live where they do for every chat (the messaging module's
 * target, which this one wraps), and when a reveal moves the public one, one read call for the newest WhatsApp
 * message revealed is recorded to go out after commit ({@link GraphCalls}). Nothing else here talks to Meta:
 * reading a chat, cloaked or not, never reaches this class.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WhatsAppRevealTarget implements RevealTarget {
    private final ObjectProvider<RevealTarget> targets;
    private final BridgeChats chats;
    private final GraphCalls calls;

    WhatsAppRevealTarget(ObjectProvider<RevealTarget> targets, BridgeChats chats, GraphCalls calls) {
        this.targets = targets;
        this.chats = chats;
        this.calls = calls;
    }

    @Override
    public boolean handles(String chatId) {
        return chats.find(chatId).isPresent();
    }

    private RevealTarget local(String chatId) {
        return targets.orderedStream().filter(t -> t != this && t.handles(chatId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No read state for this chat"));
    }

    @Override
    public ReadState readState(String userId, String chatId) {
        return local(chatId).readState(userId, chatId);
    }

    @Override
    public long fromOthers(String userId, String chatId, long afterSeq, long upToSeq) {
        return local(chatId).fromOthers(userId, chatId, afterSeq, upToSeq);
    }

    @Override
    public long lastSeq(String chatId) {
        return local(chatId).lastSeq(chatId);
    }

    @Override
    public ReadState apply(String userId, String chatId, ReadState next) {
        RevealTarget local = local(chatId);
        ReadState before = local.readState(userId, chatId);
        ReadState after = local.apply(userId, chatId, next);
        if (after.publicRead() > before.publicRead()) calls.recordRead(userId, chatId, before.publicRead(), after.publicRead());
        return after;
    }
}
