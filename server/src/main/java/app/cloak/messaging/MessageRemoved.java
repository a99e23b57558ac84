package app.cloak.messaging;

import app.cloak.shared.DurableEvent;

/**
 * A message was deleted for everyone: its content is gone and must leave every index. Durable for
 * consumers that may lag; search also removes it synchronously, inside the deleting transaction.
 */
public record MessageRemoved(String messageId, String chatId, long seq) implements DurableEvent {}
