package app.cloak.messaging.internal.web;

import app.cloak.chats.ChatInfo;
import app.cloak.chats.ChatsApi;
import app.cloak.messaging.internal.ChatViews;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Chats as the API shows them; membership rules are the chats module's. */
@RestController
@RequestMapping("/api/v1/chats")
class ChatController {
    record CreateChat(String type, String userId, String name, String description, List<String> memberIds) {}
    record UpdateChat(String name, String description, Boolean adminsOnly, Long disappearingSeconds) {}
    record AddMembers(List<String> userIds) {}
    record SetRole(String role) {}
    record ChatList(List<ChatViews.ChatView> chats) {}
    record Settings(String mutedUntil, Boolean muted, Boolean archived, Boolean pinned) {}

    private final ChatsApi chats;
    private final ChatViews views;

    ChatController(ChatsApi chats, ChatViews views) {
        this.chats = chats;
        this.views = views;
    }

    @PostMapping
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "200", description = "The direct chat with this user already existed")
    ResponseEntity<ChatViews.ChatView> create(Caller caller, @RequestBody CreateChat body) {
        ChatsApi.Created created = switch (body.type() == null ? "" : body.type()) {
            case ChatsApi.DIRECT -> chats.createDirect(caller.userId(), body.userId());
            case ChatsApi.GROUP -> chats.createGroup(caller.userId(), body.name(), body.description(), body.memberIds());
            default -> throw ApiProblem.badRequest("invalid_type", "type is 'direct' or 'group'");
        };
        return ResponseEntity.status(created.created() ? 201 : 200).body(views.view(caller.userId(), created.chat()));
    }

    @GetMapping
    ChatList list(Caller caller) {
        return new ChatList(views.list(caller.userId(), chats.chatsOf(caller.userId())));
    }

    @GetMapping("/{chatId}")
    ChatViews.ChatView get(Caller caller, @PathVariable String chatId) {
        return views.view(caller.userId(), mine(caller, chatId));
    }

    @PatchMapping("/{chatId}")
    ChatViews.ChatView update(Caller caller, @PathVariable String chatId, @RequestBody UpdateChat body) {
        return views.view(caller.userId(), chats.update(caller.userId(), chatId,
                new ChatsApi.Update(body.name(), body.description(), body.adminsOnly(), body.disappearingSeconds())));
    }

    @PostMapping("/{chatId}/members")
    ChatViews.ChatView addMembers(Caller caller, @PathVariable String chatId, @RequestBody AddMembers body) {
        if (body.userIds() == null) throw ApiProblem.badRequest("missing_field", "'userIds' is required");
        return views.view(caller.userId(), chats.addMembers(caller.userId(), chatId, body.userIds()));
    }

    @DeleteMapping("/{chatId}/members/{userId}")
    ResponseEntity<ChatViews.ChatView> removeMember(Caller caller, @PathVariable String chatId, @PathVariable String userId) {
        ChatInfo chat = chats.removeMember(caller.userId(), chatId, userId);
        if (userId.equals(caller.userId())) return ResponseEntity.noContent().build();
        return ResponseEntity.ok(views.view(caller.userId(), chat));
    }

    @PutMapping("/{chatId}/members/{userId}/role")
    ChatViews.ChatView setRole(Caller caller, @PathVariable String chatId, @PathVariable String userId, @RequestBody SetRole body) {
        return views.view(caller.userId(), chats.setRole(caller.userId(), chatId, userId, body.role()));
    }

    @PutMapping("/{chatId}/settings")
    ChatViews.ChatView settings(Caller caller, @PathVariable String chatId, @RequestBody Settings body) {
        Long mutedUntil = null;
        if (Boolean.FALSE.equals(body.muted())) {
            mutedUntil = 0L;
        } else if (body.mutedUntil() != null) {
            try {
                mutedUntil = Instant.parse(body.mutedUntil()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw ApiProblem.badRequest("invalid_time", "mutedUntil is an RFC 3339 time, e.g. 2026-12-01T18:00:00Z");
            }
        } else if (Boolean.TRUE.equals(body.muted())) {
            mutedUntil = Long.MAX_VALUE / 2;
        }
        return views.view(caller.userId(), chats.updateSettings(caller.userId(), chatId, mutedUntil, body.archived(), body.pinned()));
    }

    private ChatInfo mine(Caller caller, String chatId) {
        return chats.chatFor(caller.userId(), chatId).orElseThrow(() -> ApiProblem.notFound("Chat"));
    }
}
