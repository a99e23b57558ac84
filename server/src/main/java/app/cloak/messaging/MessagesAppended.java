package app.cloak.messaging;

import app.cloak.shared.DurableEvent;
import java.util.List;

/**
 * Messages from outside Cloak (an imported export, a bridged conversation) were stored in one batch, in
 * seq order (durable: consumers get it after commit). One event per batch, so indexing 45,000 imported
 * messages is one piece of work, not 45,000.
 */
public record MessagesAppended(String chatId, List<String> messageIds) implements DurableEvent {}
