package app.cloak.chats;

import java.util.List;

/**
 * A chat as its member sees it, with that member's own settings. {@code disappearingSeconds}: how long
 * new messages in the chat live (0 = they stay; otherwise one of {@link ChatsApi#DISAPPEARING_TIMERS}).
 */
public record ChatInfo(String chatId, String type, String name, String description, boolean adminsOnly,
                       List<Member> members, Settings settings, long createdAt, long disappearingSeconds) {
    public record Member(String userId, String role) {}

    /** Per-user: mute until (epoch ms, null = not muted), archived, pinned. */
    public record Settings(Long mutedUntil, boolean archived, boolean pinned) {
        public static final Settings DEFAULT = new Settings(null, false, false);
    }

    public boolean isMember(String userId) {
        return members.stream().anyMatch(m -> m.userId().equals(userId));
    }

    public String roleOf(String userId) {
        return members.stream().filter(m -> m.userId().equals(userId)).map(Member::role).findFirst().orElse(null);
    }
}
