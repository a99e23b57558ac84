package app.cloak.chats;

/** Published in the transaction whenever a chat's members, roles or details change. */
public record ChatMembershipChanged(String chatId, String actorId) {}
