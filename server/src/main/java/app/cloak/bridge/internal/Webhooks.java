package app.cloak.bridge.internal;

import app.cloak.platform.crypto.DataCipher;
import app.cloak.platform.persistence.AfterCommit;
import app.cloak.shared.ApiProblem;
import app.cloak.shared.Ids;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The receiving end of the webhook: store-then-ack. A body is accepted only after its signature checked out over
 * the exact bytes; it is then checked to be a JSON object, sealed and written to {@code bridge_inbox} in one
 * transaction, and the inbox worker is started after the commit. The HTTP answer never waits for processing.
 */
@Service
public class Webhooks {
    private final Links links;
    private final BridgeStore store;
    private final DataCipher cipher;
    private final Clock clock;
    private final InboxWorker worker;

    private final BridgeSettings settings;

    Webhooks(Links links, BridgeStore store, DataCipher cipher, Clock clock, InboxWorker worker, BridgeSettings settings) {
        this.settings = settings;
        this.links = links;
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        this.worker = worker;
    }

    /** Meta's GET handshake: the challenge back iff mode is subscribe and the token matches (constant time). */
    public String verify(String linkId, String mode, String token, String challenge) {
        Links.Link link = links.link(linkId).orElseThrow(() -> ApiProblem.notFound("Link"));
        boolean tokenOk = token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                link.secrets().verifyToken().getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenOk || challenge == null) {
            throw ApiProblem.forbidden("verification_failed", "hub.mode must be subscribe and hub.verify_token must match the link's verify token");
        }
        return challenge;
    }

    /** Checks the link exists before a byte of the body is read. */
    public void requireLink(String linkId) {
        if (links.link(linkId).isEmpty()) throw ApiProblem.notFound("Link");
    }

    @Transactional
    public String receive(String linkId, byte[] body, String signature) {
        Links.Link link = links.link(linkId).orElseThrow(() -> ApiProblem.notFound("Link"));
        if (!WebhookSignature.valid(body, signature, link.secrets().appSecret())) {
            throw ApiProblem.unauthorized("invalid_signature", "X-Hub-Signature-256 is missing or does not match the body");
        }
        try {
            JsonNode root = WebhookPayload.JSON.readTree(body);
            if (root == null || !root.isObject()) throw ApiProblem.badRequest("malformed_json", "The body is not a JSON object");
        } catch (JacksonException e) {
            throw ApiProblem.badRequest("malformed_json", "The body is not valid JSON");
        }
        String inboxId = Ids.newId("wh");
        store.insertInbox(inboxId, linkId, cipher.encrypt(body, context(inboxId)), clock.millis());
        AfterCommit.run(worker::kick);
        return inboxId;
    }

    public long maxBodyBytes() {
        return settings.maxWebhookBytes();
    }

    byte[] open(BridgeStore.InboxRow row) {
        return cipher.decrypt(row.body(), context(row.inboxId()));
    }

    static String context(String inboxId) {
        return "bridge-inbox:" + inboxId;
    }
}
