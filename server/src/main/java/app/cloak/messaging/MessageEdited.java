package app.cloak.messaging;

import app.cloak.shared.DurableEvent;

/** A message's text changed (published inside the transaction; durable). */
public record MessageEdited(String messageId, String chatId, long seq) implements DurableEvent {}
