package app.cloak.messaging;

/** A message was deleted for everyone: its content is gone and must leave every index. */
public record MessageRemoved(String messageId, String chatId, long seq) {}
