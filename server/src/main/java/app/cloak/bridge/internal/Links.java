package app.cloak.bridge.internal;

import app.cloak.platform.crypto.DataCipher;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Fields;
import app.cloak.shared.Ids;
import app.cloak.shared.Times;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Linked WhatsApp Business numbers. The access token, app secret and verify token are sealed together under the
 * data key (bound to the link id) and never leave the server: the API lists a link without them. Only the owner
 * sees or changes a link; anyone else gets the same 404 as for a link that does not exist.
 */
@Service
public class Links {
    public record NewLink(String phoneNumberId, String accessToken, String appSecret, String verifyToken, String graphBaseUrl) {}

    public record LinkPatch(String accessToken, String appSecret, String verifyToken, String graphBaseUrl, Boolean sendTyping) {}

    public record Created(String linkId, String webhookUrl) {}

    /** The last failed outgoing call (read receipt, reply, media fetch), until the next one succeeds. */
    public record LinkError(String code, String message, String at) {}

    public record LinkView(String linkId, String phoneNumberId, String graphBaseUrl, String webhookUrl, boolean sendTyping,
                           String createdAt, String updatedAt, LinkError lastError) {}

    /** One outgoing Graph call: a read receipt (from a reveal) or a reply, with how it went. */
    public record CallView(String callId, String kind, String chatId, String state, int attempts, String errorCode, String error,
                           String wamid, String messageId, Long upToSeq, List<RecipientStatus> delivery, String createdAt, String updatedAt) {}

    /** WhatsApp's status for a reply, per recipient (each group participant separately). */
    public record RecipientStatus(String recipient, String status, String at) {}

    record Secrets(String accessToken, String appSecret, String verifyToken) {}

    /** A link as the bridge uses it, secrets unsealed. */
    record Link(String linkId, String ownerId, String phoneNumberId, URI graphBaseUrl, Secrets secrets, boolean sendTyping) {
        GraphClient.Target target() {
            return new GraphClient.Target(graphBaseUrl, phoneNumberId, secrets.accessToken());
        }
    }

    private final BridgeStore store;
    private final DataCipher cipher;
    private final BridgeSettings settings;
    private final Clock clock;

    Links(BridgeStore store, DataCipher cipher, BridgeSettings settings, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public Created create(String ownerId, NewLink body, String origin) {
        if (body == null) throw ApiProblem.badRequest("missing_body", "Send phoneNumberId, accessToken, appSecret and verifyToken");
        String phone = Fields.required(body.phoneNumberId(), "phoneNumberId").strip();
        if (!phone.matches("[0-9]{1,32}")) throw ApiProblem.badRequest("invalid_phone_number_id", "phoneNumberId is the numeric id Meta shows for the number");
        Secrets secrets = new Secrets(secret(body.accessToken(), "accessToken"), secret(body.appSecret(), "appSecret"),
                secret(body.verifyToken(), "verifyToken"));
        String base = graphBaseUrl(body.graphBaseUrl());
        String linkId = Ids.newId("wl");
        long now = clock.millis();
        store.insertLink(new BridgeStore.LinkRow(linkId, ownerId, phone, base, seal(linkId, secrets), false, null, null, null, now, now));
        return new Created(linkId, webhookUrl(origin, linkId));
    }

    public List<LinkView> list(String ownerId, String origin) {
        return store.linksOf(ownerId).stream().map(l -> view(l, origin)).toList();
    }

    public LinkView get(String ownerId, String linkId, String origin) {
        return view(owned(ownerId, linkId), origin);
    }

    @Transactional
    public LinkView patch(String ownerId, String linkId, LinkPatch patch, String origin) {
        if (patch == null) throw ApiProblem.badRequest("missing_body", "Send the fields to change");
        BridgeStore.LinkRow row = owned(ownerId, linkId);
        Secrets s = unseal(row);
        Secrets next = new Secrets(
                patch.accessToken() != null ? secret(patch.accessToken(), "accessToken") : s.accessToken(),
                patch.appSecret() != null ? secret(patch.appSecret(), "appSecret") : s.appSecret(),
                patch.verifyToken() != null ? secret(patch.verifyToken(), "verifyToken") : s.verifyToken());
        String base = patch.graphBaseUrl() != null ? graphBaseUrl(patch.graphBaseUrl()) : row.graphBaseUrl();
        boolean typing = patch.sendTyping() != null ? patch.sendTyping() : row.sendTyping();
        store.updateLink(linkId, base, seal(linkId, next), typing, clock.millis());
        if (patch.accessToken() != null && row.lastErrorCode() != null) store.setLinkError(linkId, null, null, null);  // a new token: try again
        return view(store.link(linkId).orElseThrow(), origin);
    }

    /** Unlinks: the link and its secrets are deleted; its chats stay as they are (history), nothing more arrives. */
    @Transactional
    public void delete(String ownerId, String linkId) {
        owned(ownerId, linkId);
        store.deleteLink(linkId);
    }

    /** The link's outgoing calls, newest first. */
    public List<CallView> calls(String ownerId, String linkId, int limit) {
        owned(ownerId, linkId);
        return store.calls(linkId, Math.max(1, Math.min(limit, 500))).stream().map(c -> {
            boolean read = GraphCalls.READ.equals(c.kind());
            String wamid = read ? c.target() : c.result();
            List<RecipientStatus> delivery = read || wamid == null ? List.of() : store.statuses(linkId, wamid).stream()
                    .map(s -> new RecipientStatus(s.recipient(), s.status(), Times.iso(s.at()))).toList();
            return new CallView(c.callId(), c.kind(), c.chatId(), c.state(), c.attempts(), c.errorCode(), c.error(), wamid,
                    read ? null : c.target(), read ? c.seq() : null, delivery, Times.iso(c.createdAt()), Times.iso(c.updatedAt()));
        }).toList();
    }

    /** For the webhook and the workers: the link with its secrets, if it exists. */
    Optional<Link> link(String linkId) {
        if (linkId == null || linkId.length() > 64) return Optional.empty();
        return store.link(linkId).map(r -> new Link(r.linkId(), r.ownerId(), r.phoneNumberId(),
                r.graphBaseUrl() != null ? URI.create(r.graphBaseUrl()) : settings.graphBaseUrl(), unseal(r), r.sendTyping()));
    }

    private BridgeStore.LinkRow owned(String ownerId, String linkId) {
        return store.link(linkId).filter(l -> l.ownerId().equals(ownerId)).orElseThrow(() -> ApiProblem.notFound("Link"));
    }

    private LinkView view(BridgeStore.LinkRow l, String origin) {
        LinkError error = l.lastErrorCode() == null ? null : new LinkError(l.lastErrorCode(), l.lastError(), Times.isoOrNull(l.lastErrorAt()));
        return new LinkView(l.linkId(), l.phoneNumberId(), l.graphBaseUrl() != null ? l.graphBaseUrl() : settings.graphBaseUrl().toString(),
                webhookUrl(origin, l.linkId()), l.sendTyping(), Times.iso(l.createdAt()), Times.iso(l.updatedAt()), error);
    }

    private String webhookUrl(String origin, String linkId) {
        String base = settings.publicUrl() != null ? settings.publicUrl().toString() : origin;
        if (base.endsWith("/")) base = base.substring(0, base.length() - 1);
        return base + "/webhooks/whatsapp/" + linkId;
    }

    private static String secret(String value, String field) {
        Fields.required(value, field);
        Fields.text(value, field, 4096);
        return value.strip();
    }

    private static String graphBaseUrl(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            URI uri = new URI(value.strip());
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null || uri.getQuery() != null
                    || uri.getFragment() != null || uri.getUserInfo() != null) {
                throw new URISyntaxException(value, "not an http(s) base URL");
            }
            return uri.toString();
        } catch (URISyntaxException e) {
            throw ApiProblem.badRequest("invalid_graph_base_url", "graphBaseUrl is an http(s) URL such as https://graph.facebook.com/v26.0");
        }
    }

    private byte[] seal(String linkId, Secrets s) {
        return cipher.encrypt(WebhookPayload.JSON.writeValueAsBytes(s), "bridge-link:" + linkId);
    }

    private Secrets unseal(BridgeStore.LinkRow r) {
        return WebhookPayload.JSON.readValue(cipher.decrypt(r.secrets(), "bridge-link:" + r.linkId()), Secrets.class);
    }
}
