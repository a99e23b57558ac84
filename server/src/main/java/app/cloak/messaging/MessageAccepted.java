package app.cloak.messaging;

import app.cloak.shared.DurableEvent;

/** A new message is stored (published inside the storing transaction; durable: consumers get it after commit). */
public record MessageAccepted(String messageId, String chatId, long seq, String senderId) implements DurableEvent {}
