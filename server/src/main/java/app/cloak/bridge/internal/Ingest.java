package app.cloak.bridge.internal;

import app.cloak.bridge.internal.WebhookPayload.InboundMessage;
import app.cloak.bridge.internal.WebhookPayload.Kind;
import app.cloak.chats.ChatsApi;
import app.cloak.messaging.Message;
import app.cloak.messaging.MessagingApi;
import app.cloak.messaging.MessagingApi.ExternalMessage;
import app.cloak.privacy.PrivacyApi;
import app.cloak.shared.ApiProblem;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns one webhook body into chats and messages. Every WhatsApp conversation (a sender, or a group by
 * {@code group_id}) is a {@code whatsapp} chat of the link's owner, created on its first message and cloaked from the
 * start; messages are appended in one batch per chat, deduped by wamid (a redelivered body stores nothing new).
 * Reactions, edits and revokes apply to the message they name; one naming a message that is not here yet counts as
 * unresolved, so the worker tries the body again later (webhooks arrive out of order). Statuses of what we sent only
 * move forward. Idempotent as a whole: processing a body twice leaves the same state as once.
 */
@Component
class Ingest {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);

    record Outcome(int appended, int unresolved) {}

    /** sent < delivered < read < played; failed is final. Unknown statuses never replace a known one. */
    static final Map<String, Integer> STATUS_RANK = Map.of("sent", 1, "delivered", 2, "read", 3, "played", 4, "failed", 5);

    private final ChatsApi chats;
    private final MessagingApi messaging;
    private final PrivacyApi privacy;
    private final BridgeStore store;
    private final MediaFetcher media;
    private final Clock clock;
    private final TransactionTemplate tx;

    Ingest(ChatsApi chats, MessagingApi messaging, PrivacyApi privacy, BridgeStore store, MediaFetcher media, Clock clock,
           PlatformTransactionManager transactions) {
        this.chats = chats;
        this.messaging = messaging;
        this.privacy = privacy;
        this.store = store;
        this.media = media;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * @param lastChance media that cannot be fetched now is given up (the message is kept without it) and unresolved
     *                   references are dropped, instead of failing the body for a retry
     */
    Outcome process(Links.Link link, WebhookPayload payload, boolean lastChance) {
        int appended = 0;
        int unresolved = 0;
        for (var g : payload.groups()) {
            if (!mine(link, g.phoneNumberId()) || g.groupId() == null || g.subject() == null) continue;
            chat(link, g.groupId(), true, g.subject(), true);
        }
        Map<String, List<InboundMessage>> byPeer = new LinkedHashMap<>();
        for (var m : payload.messages()) {
            if (!mine(link, m.phoneNumberId()) || m.wamid() == null) continue;
            byPeer.computeIfAbsent(m.peer(), k -> new ArrayList<>()).add(m);
        }
        for (var entry : byPeer.entrySet()) {
            List<InboundMessage> list = new ArrayList<>(entry.getValue());
            list.sort(Comparator.comparingLong(InboundMessage::timestampMs));   // stable: same-second messages keep their order
            boolean group = list.getFirst().groupId() != null;
            String name = group ? null : list.stream().map(InboundMessage::senderName).filter(Objects::nonNull).reduce((a, b) -> b)
                    .orElse(null);
            String fallback = group ? "WhatsApp group" : display(list.getFirst());
            String chatId = chat(link, entry.getKey(), group, name != null ? name : fallback, name != null);
            appended += append(link, chatId, list, lastChance);
            for (var m : list) {
                if (m.kind() == Kind.MESSAGE) continue;
                boolean found = switch (m.kind()) {
                    case REACTION -> messaging.reactExternal(chatId, m.target(), m.senderKey(), m.emoji());
                    case EDIT -> messaging.editExternal(chatId, m.target(), m.text());
                    case REVOKE -> messaging.deleteExternal(chatId, m.target());
                    case MESSAGE -> true;
                };
                if (!found && !lastChance) unresolved++;
            }
        }
        for (var s : payload.statuses()) {
            if (!mine(link, s.phoneNumberId()) || s.wamid() == null || s.status() == null) continue;
            int rank = STATUS_RANK.getOrDefault(s.status(), 0);
            long at = s.timestampMs() > 0 ? s.timestampMs() : clock.millis();
            tx.executeWithoutResult(t -> store.recordStatus(link.linkId(), s.wamid(), s.recipient(), s.status(), rank, at, s.errorCode()));
            if ("failed".equals(s.status())) {
                error(link, s.errorCode() == null ? "failed" : s.errorCode(), "A message sent through WhatsApp was not delivered", at);
            }
        }
        for (var e : payload.errors()) {
            if (!mine(link, e.phoneNumberId())) continue;
            error(link, e.code() == null ? "error" : e.code(), (e.title() == null ? "WhatsApp reported an error" : e.title())
                    + (e.details() == null ? "" : " (" + e.details() + ")"), clock.millis());
        }
        return new Outcome(appended, unresolved);
    }

    private int append(Links.Link link, String chatId, List<InboundMessage> list, boolean lastChance) {
        List<ExternalMessage> batch = new ArrayList<>();
        Map<String, String> wamidOf = new HashMap<>();   // external id → the wamid a read receipt would name
        for (var m : list) {
            if (m.kind() != Kind.MESSAGE) continue;
            long at = m.timestampMs() > 0 ? m.timestampMs() : clock.millis();
            String senderName = m.senderName() != null ? m.senderName() : display(m);
            if ("contact".equals(m.type())) {
                for (int i = 0; i < m.contacts().size(); i++) {
                    var c = m.contacts().get(i);
                    String id = i == 0 ? m.wamid() : m.wamid() + "#" + (i + 1);
                    batch.add(new ExternalMessage(id, m.senderKey(), senderName, "contact", null, at, null,
                            new Message.Contact(c.name(), c.phones()), null, m.replyTo()));
                    wamidOf.put(id, m.wamid());
                }
                continue;
            }
            String text = m.text();
            String mediaId = null;
            if (m.media() != null && messaging.messageIdOf(chatId, m.wamid()).isEmpty()) {
                try {
                    mediaId = media.fetch(link, m.media());
                } catch (GraphClient.GraphException e) {
                    if (e.retryable && !lastChance) throw e;   // the whole body is tried again later
                    log.warn("Media of a WhatsApp message could not be fetched: {}", e.code);
                    error(link, e.code, "Media could not be fetched from WhatsApp: " + e.getMessage(), clock.millis());
                    text = note(text, "media unavailable");
                } catch (ApiProblem e) {
                    text = note(text, "media not stored: " + e.detail());
                }
            }
            Message.Location location = m.location() == null ? null
                    : new Message.Location(m.location().latitude(), m.location().longitude(), m.location().name());
            batch.add(new ExternalMessage(m.wamid(), m.senderKey(), senderName, m.type(), text, at, location, null, mediaId, m.replyTo()));
            if (!"system".equals(m.type())) wamidOf.put(m.wamid(), m.wamid());
        }
        if (batch.isEmpty()) return 0;
        MessagingApi.Appended appended;
        try {
            appended = messaging.appendExternal(chatId, link.ownerId(), batch);
        } catch (ApiProblem refused) {
            appended = oneByOne(chatId, link.ownerId(), batch);
        }
        Map<String, String> byMessageId = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            String wamid = wamidOf.get(batch.get(i).externalId());
            if (wamid != null) byMessageId.put(appended.messageIds().get(i), wamid);
        }
        var stored = messaging.visibleTo(link.ownerId(), List.copyOf(byMessageId.keySet()));
        tx.executeWithoutResult(t -> stored.forEach(msg -> store.addInbound(chatId, msg.seq(), byMessageId.get(msg.messageId()))));
        return appended.inserted();
    }

    /**
     * Messaging refused the batch (e.g. a text over the size limit): each message is stored on its own, and one that
     * is still refused is kept as an {@code unsupported} placeholder, so one odd message cannot hold back the rest.
     */
    private MessagingApi.Appended oneByOne(String chatId, String ownerId, List<ExternalMessage> batch) {
        int inserted = 0;
        int duplicates = 0;
        List<String> ids = new ArrayList<>();
        for (var m : batch) {
            MessagingApi.Appended one;
            try {
                one = messaging.appendExternal(chatId, ownerId, List.of(m));
            } catch (ApiProblem e) {
                String key = m.senderKey().length() > 200 ? m.senderKey().substring(0, 200) : m.senderKey();
                one = messaging.appendExternal(chatId, ownerId, List.of(new ExternalMessage(m.externalId(), key, null, "unsupported",
                        "WhatsApp message that could not be stored (" + e.code() + ")", m.createdAt(), null, null, null, null)));
            }
            inserted += one.inserted();
            duplicates += one.duplicates();
            ids.addAll(one.messageIds());
        }
        return new MessagingApi.Appended(inserted, duplicates, ids);
    }

    /** The chat for a peer (created cloaked on first sight); renamed when the payload names it differently. */
    private String chat(Links.Link link, String peer, boolean group, String name, boolean authoritativeName) {
        return tx.execute(t -> {
            var created = chats.createExternal(link.ownerId(), ChatsApi.WHATSAPP, link.linkId() + ":" + peer, name);
            String chatId = created.chat().chatId();
            if (created.created()) {
                store.insertChat(new BridgeStore.BridgeChat(chatId, link.linkId(), peer, group));
                privacy.cloakNewChat(link.ownerId(), chatId);
            } else {
                store.insertChat(new BridgeStore.BridgeChat(chatId, link.linkId(), peer, group));   // a retry after a crash in between
                if (authoritativeName && !name.equals(created.chat().name())) chats.renameExternal(chatId, name);
            }
            return chatId;
        });
    }

    private void error(Links.Link link, String code, String message, long at) {
        String m = message.length() > 500 ? message.substring(0, 500) : message;
        tx.executeWithoutResult(t -> store.setLinkError(link.linkId(), code, m, at));
    }

    private static boolean mine(Links.Link link, String phoneNumberId) {
        return phoneNumberId == null || phoneNumberId.equals(link.phoneNumberId());
    }

    private static String display(InboundMessage m) {
        if (m.senderPhone() != null && m.senderPhone().matches("[0-9]{5,20}")) return "+" + m.senderPhone();
        return m.senderKey();
    }

    private static String note(String text, String note) {
        return text == null ? "(" + note + ")" : text + " (" + note + ")";
    }
}
