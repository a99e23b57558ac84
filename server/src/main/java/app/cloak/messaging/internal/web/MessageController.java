package app.cloak.messaging.internal.web;

import app.cloak.messaging.Message;
import app.cloak.messaging.internal.MessageService;
import app.cloak.messaging.internal.ReceiptService;
import app.cloak.messaging.internal.SendBatcher;
import app.cloak.shared.Caller;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class MessageController {
    record SendBody(String clientMsgId, String type, String text, String replyTo, String forwardOf,
                    Message.Location location, Message.Contact contact, String mediaId, Boolean viewOnce) {}
    record EditBody(String text) {}
    record ReactBody(String emoji) {}
    record SeqBody(Long upToSeq) {}
    record MessageList(java.util.List<Message> messages) {}

    private final MessageService messages;
    private final SendBatcher batcher;
    private final ReceiptService receipts;

    MessageController(MessageService messages, SendBatcher batcher, ReceiptService receipts) {
        this.messages = messages;
        this.batcher = batcher;
        this.receipts = receipts;
    }

    /** 201 for a new message; 200 with the original when the same clientMsgId comes again. */
    @PostMapping("/chats/{chatId}/messages")
    @ApiResponse(responseCode = "201", description = "Sent")
    @ApiResponse(responseCode = "200", description = "The original message: this clientMsgId was sent before")
    ResponseEntity<Message> send(Caller caller, @PathVariable String chatId, @RequestBody SendBody body) {
        var sent = batcher.send(caller, new MessageService.Send(chatId, body.clientMsgId(), body.type(), body.text(),
                body.replyTo(), body.forwardOf(), body.location(), body.contact(), body.mediaId(),
                Boolean.TRUE.equals(body.viewOnce())));
        return ResponseEntity.status(sent.created() ? 201 : 200).body(sent.message());
    }

    @GetMapping("/chats/{chatId}/messages")
    MessageList history(Caller caller, @PathVariable String chatId,
                                @RequestParam(required = false) Long afterSeq, @RequestParam(required = false) Long beforeSeq,
                                @RequestParam(required = false) String around, @RequestParam(required = false) Integer limit) {
        return new MessageList(messages.history(caller, chatId, afterSeq, beforeSeq, around, limit));
    }

    @PatchMapping("/chats/{chatId}/messages/{messageId}")
    Message edit(Caller caller, @PathVariable String chatId, @PathVariable String messageId, @RequestBody EditBody body) {
        return messages.edit(caller, chatId, messageId, body.text());
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}")
    ResponseEntity<Message> delete(Caller caller, @PathVariable String chatId, @PathVariable String messageId,
                                   @RequestParam(name = "for", defaultValue = "me") String scope) {
        return messages.delete(caller, chatId, messageId, scope).map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @PutMapping("/chats/{chatId}/messages/{messageId}/reactions")
    Message react(Caller caller, @PathVariable String chatId, @PathVariable String messageId, @RequestBody ReactBody body) {
        return messages.react(caller, chatId, messageId, body.emoji() == null ? "" : body.emoji());
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}/reactions")
    Message unreact(Caller caller, @PathVariable String chatId, @PathVariable String messageId) {
        return messages.react(caller, chatId, messageId, null);
    }

    @PutMapping("/chats/{chatId}/messages/{messageId}/star")
    Message star(Caller caller, @PathVariable String chatId, @PathVariable String messageId) {
        return messages.star(caller, chatId, messageId, true);
    }

    @DeleteMapping("/chats/{chatId}/messages/{messageId}/star")
    Message unstar(Caller caller, @PathVariable String chatId, @PathVariable String messageId) {
        return messages.star(caller, chatId, messageId, false);
    }

    @GetMapping("/starred")
    MessageList starred(Caller caller) {
        return new MessageList(messages.starred(caller));
    }

    @PostMapping("/chats/{chatId}/read")
    ReceiptService.ReadState read(Caller caller, @PathVariable String chatId, @RequestBody SeqBody body) {
        return receipts.markRead(caller, chatId, body.upToSeq());
    }

    @PostMapping("/chats/{chatId}/delivered")
    Map<String, Long> delivered(Caller caller, @PathVariable String chatId, @RequestBody SeqBody body) {
        return Map.of("deliveredSeq", receipts.markDelivered(caller, chatId, body.upToSeq()));
    }

    @GetMapping("/chats/{chatId}/messages/{messageId}/receipts")
    ReceiptService.Receipts receipts(Caller caller, @PathVariable String chatId, @PathVariable String messageId) {
        return receipts.receipts(caller, chatId, messageId);
    }
}
