package app.cloak.chats;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Membership and roles. Anything about a chat the caller is not in answers 404 ({@code not_found}),
 * indistinguishable from a chat that does not exist.
 */
public interface ChatsApi {
    String DIRECT = "direct";
    String GROUP = "group";
    String OWNER = "owner";
    String ADMIN = "admin";
    String MEMBER = "member";
    /** A read-only chat made from an imported WhatsApp export (the conversation reader). */
    String ARCHIVE = "archive";
    /** A WhatsApp conversation ingested through the bridge. */
    String WHATSAPP = "whatsapp";

    /** The existing direct chat between the two, or a new one; {@code created} says which. */
    Created createDirect(String creatorId, String otherUserId);

    Created createGroup(String creatorId, String name, String description, List<String> memberIds);

    record Created(ChatInfo chat, boolean created) {}

    /**
     * A chat fed from outside Cloak ({@link #ARCHIVE} or {@link #WHATSAPP}), owned by {@code ownerId} (its only
     * member, role owner). Idempotent by (type, externalKey): the existing chat comes back with created=false.
     * Such chats have no members to manage and no details to change through the group calls; an archive takes
     * no new messages ({@link #checkCanPost} answers 403 {@code read_only}).
     */
    Created createExternal(String ownerId, String type, String externalKey, String name);

    /**
     * Lets {@code userId} read a chat fed from outside (an archive its owner shares): they become a member with role
     * member, so history and search work for them as for any chat. Idempotent. The owning module decides who may
     * share; this call only records it.
     */
    void addExternalReader(String chatId, String userId);

    /** Undoes {@link #addExternalReader}; the chat's owner is never removed. Idempotent. */
    void removeExternalReader(String chatId, String userId);

    /** Renames a chat fed from outside (e.g. the contact's name changed at the source). */
    ChatInfo renameExternal(String chatId, String name);

    /** The chat if {@code userId} is a member. */
    Optional<ChatInfo> chatFor(String userId, String chatId);

    /** Every chat of the user, with members and the user's settings. */
    List<ChatInfo> chatsOf(String userId);

    List<String> chatIdsOf(String userId);

    boolean isMember(String chatId, String userId);

    /** Whether {@code userId} is an owner or admin of the group {@code chatId}: false for members, non-members and other kinds of chat. */
    boolean isGroupAdmin(String chatId, String userId);

    /** Every member's user id; empty for a chat that does not exist. For fan-out, not for authorisation. */
    List<String> memberIds(String chatId);

    /**
     * Throws 404 for a non-member, 403 {@code admins_only}, {@code blocked} (by the other member of a direct chat) or
     * {@code you_blocked} (the user blocked them: unblock first) when the user may not post; otherwise
     * answers the chat's disappearing-message timer in seconds (0 when off), read in the same look-up.
     */
    long checkCanPost(String chatId, String userId);

    ChatInfo addMembers(String actorId, String chatId, List<String> userIds);

    /** Removing oneself is leaving; the last owner leaving hands ownership to the oldest admin or member. */
    ChatInfo removeMember(String actorId, String chatId, String userId);

    ChatInfo setRole(String actorId, String chatId, String userId, String role);

    ChatInfo update(String actorId, String chatId, String name, String description, Boolean adminsOnly);

    ChatInfo updateSettings(String userId, String chatId, Long mutedUntil, Boolean archived, Boolean pinned);

    /** Disappearing-message timers a chat may have, in seconds: off, 24 hours, 7 days, 90 days. */
    Set<Long> DISAPPEARING_TIMERS = Set.of(0L, 86_400L, 604_800L, 7_776_000L);

    /** A change to a chat's details; null fields stay as they are. */
    record Update(String name, String description, Boolean adminsOnly, Long disappearingSeconds) {}

    /**
     * Changes a chat's details in one step (all or nothing). Name, description and admin-only posting
     * are group-only and admin-only; the disappearing timer may be set by any member of a direct chat
     * and by the admins of a group. An unknown timer is 400 {@code invalid_disappearing_timer}.
     */
    ChatInfo update(String actorId, String chatId, Update update);
}
