package app.cloak.chats.internal;

import app.cloak.chats.ChatInfo;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Storage port for chats, members and per-user settings. */
public interface ChatStore {
    record ChatRow(String id, String type, String name, String description, boolean adminsOnly, String directKey,
                   String createdBy, long createdAt, long disappearingSeconds) {}

    /**
     * Inserts unless a chat with the same direct key exists; true if inserted. The direct key is the chat's unique
     * creation key: "userA|userB" for a direct chat, "&lt;type&gt;:&lt;externalKey&gt;" for a chat fed from outside.
     */
    boolean insertChat(ChatRow chat);
    Optional<ChatRow> chat(String chatId);
    Optional<ChatRow> directChat(String directKey);
    void updateChat(String chatId, String name, String description, boolean adminsOnly);

    void addMember(String chatId, String userId, String role, long at);
    void removeMember(String chatId, String userId);
    void setRole(String chatId, String userId, String role);
    /** Members in join order. */
    List<ChatInfo.Member> members(String chatId);
    List<String> chatIdsOf(String userId);
    boolean isMember(String chatId, String userId);
    Optional<String> role(String chatId, String userId);

    ChatInfo.Settings settings(String chatId, String userId);
    void putSettings(String chatId, String userId, ChatInfo.Settings settings);

    List<ChatRow> chats(Collection<String> chatIds);

    void setDisappearingSeconds(String chatId, long seconds);
}
