package app.cloak.messaging;

/** A message's text changed (published inside the transaction). */
public record MessageEdited(String messageId, String chatId, long seq) {}
