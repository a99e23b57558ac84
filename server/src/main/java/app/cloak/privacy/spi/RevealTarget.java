package app.cloak.privacy.spi;

import app.cloak.privacy.CloakRules.ReadState;

/**
 * Where a member's read state lives and where a reveal lands: native chats' receipts today, the
 * WhatsApp Cloud API's read calls for bridged chats later. Implementations must only move watermarks
 * forward and tell whoever should know (the senders) when the public one moves.
 */
public interface RevealTarget {
    boolean handles(String chatId);

    ReadState readState(String userId, String chatId);

    /** Messages other members sent with seq in ({@code afterSeq}, {@code upToSeq}]: what a reveal would show as read. */
    long fromOthers(String userId, String chatId, long afterSeq, long upToSeq);

    /** The newest message's seq: nothing beyond it can be revealed. */
    long lastSeq(String chatId);

    /** Makes {@code next} the member's state (forward only); returns the state after. */
    ReadState apply(String userId, String chatId, ReadState next);
}
