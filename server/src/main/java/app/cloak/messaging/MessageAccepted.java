package app.cloak.messaging;

/** A new message is stored (published inside the storing transaction). */
public record MessageAccepted(String messageId, String chatId, long seq, String senderId) {}
