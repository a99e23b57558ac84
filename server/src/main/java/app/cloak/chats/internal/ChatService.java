package app.cloak.chats.internal;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatMembershipChanged;
import app.cloak.chats.MemberRemoved;
import app.cloak.chats.ChatsApi;
import app.cloak.identity.IdentityApi;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Fields;
import app.cloak.shared.Ids;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
class ChatService implements ChatsApi {
    static final int MAX_MEMBERS = 1024;

    private final ChatStore store;
    private final IdentityApi identity;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    ChatService(ChatStore store, IdentityApi identity, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional
    public Created createDirect(String creatorId, String otherUserId) {
        Fields.required(otherUserId, "userId");
        if (identity.existing(List.of(otherUserId)).isEmpty()) throw ApiProblem.notFound("User");
        String key = creatorId.compareTo(otherUserId) <= 0 ? creatorId + "|" + otherUserId : otherUserId + "|" + creatorId;
        long now = clock.millis();
        var row = new ChatStore.ChatRow(Ids.newId("c"), DIRECT, "", "", false, key, creatorId, now, 0);
        boolean created = store.insertChat(row);
        var chat = store.directChat(key).orElseThrow();
        if (created) {
            store.addMember(chat.id(), creatorId, MEMBER, now);
            store.addMember(chat.id(), otherUserId, MEMBER, now);
            events.publishEvent(new ChatMembershipChanged(chat.id(), creatorId));
        }
        return new Created(view(chat, creatorId), created);
    }

    @Override
    @Transactional
    public Created createGroup(String creatorId, String name, String description, List<String> memberIds) {
        String groupName = Fields.text(Fields.required(name, "name").strip(), "name", 100);
        String about = Fields.text(description == null ? "" : description.strip(), "description", 512);
        Set<String> members = newMembers(memberIds == null ? List.of() : memberIds, creatorId);
        if (members.size() + 1 > MAX_MEMBERS) throw ApiProblem.badRequest("too_many_members", "Groups hold at most " + MAX_MEMBERS + " members");
        long now = clock.millis();
        var row = new ChatStore.ChatRow(Ids.newId("c"), GROUP, groupName, about, false, null, creatorId, now, 0);
        store.insertChat(row);
        store.addMember(row.id(), creatorId, OWNER, now);
        for (String m : members) store.addMember(row.id(), m, MEMBER, now);
        events.publishEvent(new ChatMembershipChanged(row.id(), creatorId));
        return new Created(view(row, creatorId), true);
    }

    @Override
    @Transactional
    public Created createExternal(String ownerId, String type, String externalKey, String name) {
        if (!ARCHIVE.equals(type) && !WHATSAPP.equals(type)) throw new IllegalArgumentException("not an external chat type: " + type);
        Fields.text(Fields.required(externalKey, "externalKey"), "externalKey", 300);
        String chatName = Fields.text(name == null ? "" : name.strip(), "name", 100);
        // direct_key is the chats' unique creation key; "<type>:" keeps external keys apart from "userA|userB".
        String key = type + ":" + externalKey;
        long now = clock.millis();
        boolean created = store.insertChat(new ChatStore.ChatRow(Ids.newId("c"), type, chatName, "", false, key, ownerId, now, 0));
        var chat = store.directChat(key).orElseThrow();
        if (created) {
            store.addMember(chat.id(), ownerId, OWNER, now);
            events.publishEvent(new ChatMembershipChanged(chat.id(), ownerId));
        }
        return new Created(view(chat, ownerId), created);
    }

    @Override
    @Transactional
    public void addExternalReader(String chatId, String userId) {
        var chat = external(chatId);
        if (store.isMember(chatId, userId)) return;
        store.addMember(chatId, userId, MEMBER, clock.millis());
        events.publishEvent(new ChatMembershipChanged(chatId, chat.createdBy()));
    }

    @Override
    @Transactional
    public void removeExternalReader(String chatId, String userId) {
        var chat = external(chatId);
        if (userId.equals(chat.createdBy()) || !store.isMember(chatId, userId)) return;
        store.removeMember(chatId, userId);
        events.publishEvent(new ChatMembershipChanged(chatId, chat.createdBy()));
    }

    private ChatStore.ChatRow external(String chatId) {
        return store.chat(chatId).filter(c -> ARCHIVE.equals(c.type()) || WHATSAPP.equals(c.type()))
                .orElseThrow(() -> ApiProblem.notFound("Chat"));
    }

    @Override
    @Transactional
    public ChatInfo renameExternal(String chatId, String name) {
        var chat = store.chat(chatId).filter(c -> ARCHIVE.equals(c.type()) || WHATSAPP.equals(c.type()))
                .orElseThrow(() -> ApiProblem.notFound("Chat"));
        String chatName = Fields.text(name == null ? "" : name.strip(), "name", 100);
        store.updateChat(chatId, chatName, chat.description(), false);
        events.publishEvent(new ChatMembershipChanged(chatId, chat.createdBy()));
        return view(store.chat(chatId).orElseThrow(), chat.createdBy());
    }

    @Override
    public Optional<ChatInfo> chatFor(String userId, String chatId) {
        if (chatId == null || !store.isMember(chatId, userId)) return Optional.empty();
        return store.chat(chatId).map(c -> view(c, userId));
    }

    @Override
    public List<ChatInfo> chatsOf(String userId) {
        List<ChatInfo> out = new ArrayList<>();
        for (var row : store.chats(store.chatIdsOf(userId))) out.add(view(row, userId));
        return out;
    }

    @Override
    public List<String> chatIdsOf(String userId) {
        return store.chatIdsOf(userId);
    }

    @Override
    public List<String> memberIds(String chatId) {
        return store.members(chatId).stream().map(ChatInfo.Member::userId).toList();
    }

    @Override
    public boolean isMember(String chatId, String userId) {
        return store.isMember(chatId, userId);
    }

    @Override
    public boolean isGroupAdmin(String chatId, String userId) {
        // The role first: most callers are plain members, and then the chat row is never read.
        return chatId != null && store.role(chatId, userId).filter(role -> !MEMBER.equals(role)).isPresent()
                && store.chat(chatId).map(c -> GROUP.equals(c.type())).orElse(false);
    }

    @Override
    public long checkCanPost(String chatId, String userId) {
        // One read of the chat and one of the membership: a send's authorisation is on the serial send writer.
        var chat = (chatId == null ? Optional.<ChatStore.ChatRow>empty() : store.chat(chatId))
                .orElseThrow(() -> ApiProblem.notFound("Chat"));
        if (DIRECT.equals(chat.type())) {
            var members = store.members(chatId);     // both members: the membership check and the blocks in one read
            if (members.stream().noneMatch(m -> m.userId().equals(userId))) throw ApiProblem.notFound("Chat");
            for (var m : members) {
                if (m.userId().equals(userId)) continue;
                if (identity.hasBlocked(m.userId(), userId)) throw ApiProblem.forbidden("blocked", "You cannot message this user");
                if (identity.hasBlocked(userId, m.userId())) {
                    throw ApiProblem.forbidden("you_blocked", "You blocked this user; unblock them to send a message");
                }
            }
            return chat.disappearingSeconds();
        }
        String role = store.role(chatId, userId).orElseThrow(() -> ApiProblem.notFound("Chat"));
        if (ARCHIVE.equals(chat.type())) throw ApiProblem.forbidden("read_only", "An imported archive takes no new messages");
        if (GROUP.equals(chat.type()) && chat.adminsOnly() && MEMBER.equals(role)) {
            throw ApiProblem.forbidden("admins_only", "Only admins can send messages to this group");
        }
        return chat.disappearingSeconds();
    }

    @Override
    @Transactional
    public ChatInfo addMembers(String actorId, String chatId, List<String> userIds) {
        var chat = group(chatId, actorId);
        requireAdmin(chatId, actorId);
        Set<String> added = newMembers(userIds, actorId);
        if (added.isEmpty()) throw ApiProblem.badRequest("missing_field", "'userIds' must name at least one user");
        if (store.members(chatId).size() + added.size() > MAX_MEMBERS) {
            throw ApiProblem.badRequest("too_many_members", "Groups hold at most " + MAX_MEMBERS + " members");
        }
        long now = clock.millis();
        for (String u : added) store.addMember(chatId, u, MEMBER, now);
        events.publishEvent(new ChatMembershipChanged(chatId, actorId));
        return view(chat, actorId);
    }

    @Override
    @Transactional
    public ChatInfo removeMember(String actorId, String chatId, String userId) {
        var chat = group(chatId, actorId);
        String targetRole = store.role(chatId, userId).orElseThrow(() -> ApiProblem.notFound("Member"));
        if (!actorId.equals(userId)) {
            String actorRole = requireAdmin(chatId, actorId);
            if (OWNER.equals(targetRole) || (ADMIN.equals(targetRole) && !OWNER.equals(actorRole))) {
                throw ApiProblem.forbidden("insufficient_role", "Only the owner can remove admins; nobody can remove the owner");
            }
        }
        store.removeMember(chatId, userId);
        if (OWNER.equals(targetRole)) handOverOwnership(chatId);
        events.publishEvent(new ChatMembershipChanged(chatId, actorId));
        events.publishEvent(new MemberRemoved(chatId, userId));
        return actorId.equals(userId) ? view(chat, actorId, List.of()) : view(chat, actorId);
    }

    @Override
    @Transactional
    public ChatInfo setRole(String actorId, String chatId, String userId, String role) {
        var chat = group(chatId, actorId);
        String actorRole = requireAdmin(chatId, actorId);
        String current = store.role(chatId, userId).orElseThrow(() -> ApiProblem.notFound("Member"));
        if (!Set.of(ADMIN, MEMBER, OWNER).contains(role)) {
            throw ApiProblem.badRequest("invalid_role", "role is one of owner, admin, member");
        }
        if (OWNER.equals(current)) throw ApiProblem.forbidden("insufficient_role", "The owner's role changes only by handing ownership over");
        if (OWNER.equals(role)) {
            if (!OWNER.equals(actorRole)) throw ApiProblem.forbidden("insufficient_role", "Only the owner can hand ownership over");
            store.setRole(chatId, actorId, ADMIN);
        }
        store.setRole(chatId, userId, role);
        events.publishEvent(new ChatMembershipChanged(chatId, actorId));
        return view(chat, actorId);
    }

    @Override
    @Transactional
    public ChatInfo update(String actorId, String chatId, String name, String description, Boolean adminsOnly) {
        return update(actorId, chatId, new Update(name, description, adminsOnly, null));
    }

    @Override
    @Transactional
    public ChatInfo updateSettings(String userId, String chatId, Long mutedUntil, Boolean archived, Boolean pinned) {
        var chat = member(chatId, userId);
        var current = store.settings(chatId, userId);
        Long muted = mutedUntil == null ? current.mutedUntil() : (mutedUntil <= 0 ? null : mutedUntil);
        store.putSettings(chatId, userId, new ChatInfo.Settings(muted,
                archived == null ? current.archived() : archived, pinned == null ? current.pinned() : pinned));
        return view(chat, userId);
    }

    private ChatStore.ChatRow member(String chatId, String userId) {
        if (chatId == null || !store.isMember(chatId, userId)) throw ApiProblem.notFound("Chat");
        return store.chat(chatId).orElseThrow(() -> ApiProblem.notFound("Chat"));
    }

    private ChatStore.ChatRow group(String chatId, String userId) {
        var chat = member(chatId, userId);
        if (!GROUP.equals(chat.type())) throw ApiProblem.badRequest("not_a_group", "Only groups have members to manage");
        return chat;
    }

    private String requireAdmin(String chatId, String userId) {
        String role = store.role(chatId, userId).orElseThrow(() -> ApiProblem.notFound("Chat"));
        if (MEMBER.equals(role)) throw ApiProblem.forbidden("not_admin", "Only group admins can do this");
        return role;
    }

    private Set<String> newMembers(List<String> userIds, String actorId) {
        if (userIds.size() > MAX_MEMBERS) throw ApiProblem.badRequest("too_many_members", "Groups hold at most " + MAX_MEMBERS + " members");
        Set<String> wanted = new LinkedHashSet<>();
        for (String id : userIds) {
            if (id == null || id.isBlank()) throw ApiProblem.badRequest("invalid_member", "Member ids must be non-empty");
            if (!id.equals(actorId)) wanted.add(id);
        }
        Set<String> existing = identity.existing(wanted);
        if (existing.size() != wanted.size()) throw ApiProblem.badRequest("unknown_user", "Some member ids are not users");
        return wanted;
    }

    private void handOverOwnership(String chatId) {
        List<ChatInfo.Member> members = store.members(chatId);
        members.stream().filter(m -> ADMIN.equals(m.role())).findFirst()
                .or(() -> members.stream().findFirst())
                .ifPresent(next -> store.setRole(chatId, next.userId(), OWNER));
    }

    private ChatInfo view(ChatStore.ChatRow row, String userId) {
        return view(row, userId, store.members(row.id()));
    }

    private ChatInfo view(ChatStore.ChatRow row, String userId, List<ChatInfo.Member> members) {
        return new ChatInfo(row.id(), row.type(), row.name(), row.description(), row.adminsOnly(), members,
                store.settings(row.id(), userId), row.createdAt(), row.disappearingSeconds());
    }

    @Override
    @Transactional
    public ChatInfo update(String actorId, String chatId, Update update) {
        var chat = member(chatId, actorId);
        boolean details = update.name() != null || update.description() != null || update.adminsOnly() != null;
        boolean timerOnly = !details && update.disappearingSeconds() != null;
        if (ARCHIVE.equals(chat.type()) || WHATSAPP.equals(chat.type())) {
            throw ApiProblem.badRequest("not_supported", "A chat fed from outside Cloak has no details or timer to change");
        }
        // Direct chats have no details to change, but either member may set the timer (as in WhatsApp).
        if (!GROUP.equals(chat.type()) && !timerOnly) throw ApiProblem.badRequest("not_a_group", "Only groups have a name and description");
        if (GROUP.equals(chat.type())) requireAdmin(chatId, actorId);
        Long timer = update.disappearingSeconds() == null ? null : disappearingTimer(update.disappearingSeconds());
        if (GROUP.equals(chat.type())) {
            String newName = update.name() == null ? chat.name() : Fields.text(Fields.required(update.name(), "name").strip(), "name", 100);
            String newDescription = update.description() == null ? chat.description()
                    : Fields.text(update.description().strip(), "description", 512);
            boolean newAdminsOnly = update.adminsOnly() == null ? chat.adminsOnly() : update.adminsOnly();
            store.updateChat(chatId, newName, newDescription, newAdminsOnly);
        }
        if (timer != null) store.setDisappearingSeconds(chatId, timer);
        events.publishEvent(new ChatMembershipChanged(chatId, actorId));
        return view(store.chat(chatId).orElseThrow(), actorId);
    }

    private static long disappearingTimer(long seconds) {
        if (!DISAPPEARING_TIMERS.contains(seconds)) {
            throw ApiProblem.badRequest("invalid_disappearing_timer",
                    "disappearingSeconds is 0 (off), 86400 (24 hours), 604800 (7 days) or 7776000 (90 days)");
        }
        return seconds;
    }
}
