package app.cloak.chats;

/** Published in the transaction whenever a chat's members, roles or details (including its disappearing timer) change. */
public record ChatMembershipChanged(String chatId, String actorId) {}
