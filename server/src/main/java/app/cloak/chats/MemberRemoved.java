package app.cloak.chats;

/** Published in the transaction when a user leaves or is removed from a group. */
public record MemberRemoved(String chatId, String userId) {}
