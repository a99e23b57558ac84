package app.cloak.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.Api;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Linking a number, Meta's verification handshake, and the signed webhook's gate: what gets in and what does not. */
class WhatsAppWebhookApiTest extends BridgeTestSupport {

    @Test
    void aLinkIsCreatedListedPatchedAndDeletedByItsOwnerOnlyAndNeverShowsItsSecrets() {
        var l = link("Linda");
        assertThat(l.webhookUrl()).isEqualTo("http://127.0.0.1:" + port + "/webhooks/whatsapp/" + l.linkId());

        var list = l.owner().api().get("/api/v1/bridge/whatsapp/links");
        assertThat(list.status()).isEqualTo(200);
        JsonNode view = list.body().get("links").get(0);
        assertThat(view.get("linkId").asString()).isEqualTo(l.linkId());
        assertThat(view.get("phoneNumberId").asString()).isEqualTo(PHONE_ID);
        assertThat(view.get("graphBaseUrl").asString()).isEqualTo(GRAPH.baseUrl());
        assertThat(view.get("sendTyping").asBoolean()).isFalse();
        assertThat(list.raw()).doesNotContain(l.token()).doesNotContain(SECRET).doesNotContain(VERIFY);

        // Secrets are sealed at rest: the row holds none of them in the clear.
        byte[] sealed = jdbc.sql("SELECT secrets FROM bridge_links WHERE link_id = ?").param(l.linkId()).query(byte[].class).single();
        String raw = new String(sealed, StandardCharsets.ISO_8859_1);
        assertThat(raw).doesNotContain(l.token()).doesNotContain(SECRET).doesNotContain(VERIFY);

        // Someone else: the link does not exist for them.
        var mallory = signUp("Mallory");
        String path = "/api/v1/bridge/whatsapp/links/" + l.linkId();
        assertThat(mallory.api().get(path).status()).isEqualTo(404);
        assertThat(mallory.api().patch(path, Map.of("accessToken", "stolen")).status()).isEqualTo(404);
        assertThat(mallory.api().delete(path).status()).isEqualTo(404);
        assertThat(mallory.api().get("/api/v1/bridge/whatsapp/links").body().get("links")).isEmpty();
        assertThat(anonymous().get("/api/v1/bridge/whatsapp/links").status()).isEqualTo(401);

        // The owner renews the token and turns typing on; the default Graph URL applies when none is given.
        var patched = l.owner().api().patch(path, Map.of("accessToken", "EAAnew", "sendTyping", true));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().get("sendTyping").asBoolean()).isTrue();
        assertThat(patched.body().get("graphBaseUrl").asString()).isEqualTo(GRAPH.baseUrl());
        assertThat(patched.raw()).doesNotContain("EAAnew");

        var other = l.owner().api().post("/api/v1/bridge/whatsapp/links", Map.of("phoneNumberId", "123", "accessToken", "t",
                "appSecret", "s", "verifyToken", "v"));
        assertThat(other.status()).isEqualTo(201);
        assertThat(l.owner().api().get("/api/v1/bridge/whatsapp/links/" + other.body().get("linkId").asString()).body()
                .get("graphBaseUrl").asString()).isEqualTo("https://graph.facebook.com/v26.0");

        // Unlinking deletes the link and its secrets; its webhook is gone.
        assertThat(l.owner().api().delete(path).status()).isEqualTo(204);
        assertThat(l.owner().api().get(path).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM bridge_links WHERE link_id = ?").param(l.linkId()).query(Long.class).single()).isZero();
        assertThat(anonymous().get(l.webhookPath() + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=" + VERIFY).status())
                .isEqualTo(404);
        byte[] p1 = fixture("p1_text.json");
        assertThat(post(l.webhookPath(), p1, sign(p1)).status()).isEqualTo(404);
    }

    @Test
    void badLinkInputIsRefusedAndStoresNothing() {
        var s = signUp("Bad Linker");
        String path = "/api/v1/bridge/whatsapp/links";
        assertThat(s.api().post(path, Map.of("phoneNumberId", PHONE_ID, "accessToken", "t", "appSecret", "s")).code()).isEqualTo("missing_field");
        assertThat(s.api().post(path, Map.of("phoneNumberId", "+1 555", "accessToken", "t", "appSecret", "s", "verifyToken", "v")).code())
                .isEqualTo("invalid_phone_number_id");
        assertThat(s.api().post(path, Map.of("phoneNumberId", "1", "accessToken", "t", "appSecret", "s", "verifyToken", "v",
                "graphBaseUrl", "file:///etc/passwd")).code()).isEqualTo("invalid_graph_base_url");
        assertThat(s.api().send("POST", path, "{\"phoneNumberId\":", "application/json").status()).isEqualTo(400);
        assertThat(s.api().get(path).body().get("links")).isEmpty();
    }

    @Test
    void theVerificationHandshakeAnswersExactlyAsMetaExpects() {
        var l = link("Vera");
        var ok = anonymous().get(l.webhookPath() + "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=" + VERIFY);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.raw()).isEqualTo("1158201444");
        assertThat(ok.contentType()).startsWith("text/plain");

        assertThat(anonymous().get(l.webhookPath() + "?hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong").status()).isEqualTo(403);
        assertThat(anonymous().get(l.webhookPath() + "?hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=" + VERIFY).status())
                .isEqualTo(403);
        assertThat(anonymous().get(l.webhookPath() + "?hub.challenge=1").status()).isEqualTo(403);
        var unknown = anonymous().get("/webhooks/whatsapp/wl_nope?hub.mode=subscribe&hub.challenge=1&hub.verify_token=" + VERIFY);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).as("not the web client's page").startsWith("application/problem+json");
    }

    @Test
    void metaSignaturesOverTheExactBytesAreAcceptedIncludingTheEscapedFormOfAnUnescapedBody() {
        var l = link("Sigrid");
        // Vectors from notes/whatsapp-cloud-api.md Appendix A, signed by Meta's rule with the test app secret.
        assertThat(post(l.webhookPath(), fixture("p1_text.json"),
                "sha256=595befa92a953fc2461204041dcc3be4cacbb62abcfaef49f83bb2f255710d5f").status()).isEqualTo(200);
        byte[] p2 = fixture("p2_group_text.json");
        String p2Signature = "sha256=09f7990cf4dd914243942f1920b1b5faf87138ff7fa2c2cbcfa82e81b51fee84";
        assertThat(post(l.webhookPath(), p2, p2Signature).status()).isEqualTo(200);
        assertThat(post(l.webhookPath(), fixture("p3_status_read.json"),
                "SHA256=73F044F9F0E56DADAEC05B7EF64102C30FE948305694387E85A0D6D7A15C4ABD").status()).isEqualTo(200);
        // P2 as literal UTF-8 (577 bytes, e.g. after a proxy unescaped it) still carries Meta's signature of the escaped form.
        byte[] p2Utf8 = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Tiago Mingo\"},\"wa_id\":\"16505551234\"}],\"messages\":[{\"from\":\"16505551234\",\"group_id\":\"Y2FwaV9ncm91cDoxNzA1NTU1MDEzOToxMjAzNjM0MDQ2OTQyMzM4MjAZD\",\"id\":\"wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=\",\"timestamp\":\"1744344496\",\"type\":\"text\",\"text\":{\"body\":\"Caf\u00e9 at 5\\/6? mail me: a\\u0040b.c \ud83d\ude00\"}}]},\"field\":\"messages\"}]}]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(p2Utf8).hasSize(577);
        assertThat(post(l.webhookPath(), p2Utf8, p2Signature).status()).isEqualTo(200);
        assertThat(inboxRows(l)).isEqualTo(4);
        awaitProcessed(l);
        var group = whatsappChats(l.owner()).stream().filter(c -> c.get("name").asString().equals("WhatsApp group")).findFirst().orElseThrow();
        var messages = history(l.owner(), group.get("chatId").asString());
        assertThat(messages).hasSize(1);   // the second delivery of P2 is a duplicate
        assertThat(messages.getFirst().get("text").asString()).isEqualTo("Café at 5/6? mail me: a@b.c 😀");
    }

    @Test
    void forgedMissingOrMalformedSignaturesAre401AndStoreNothing() {
        var l = link("Forger");
        byte[] p2 = fixture("p2_group_text.json");
        String good = "sha256=09f7990cf4dd914243942f1920b1b5faf87138ff7fa2c2cbcfa82e81b51fee84";
        // Re-serialised by Jackson (literal UTF-8, no \/ or \u0040): not the bytes Meta signed.
        byte[] reserialised = Api.JSON.writeValueAsBytes(Api.JSON.readTree(p2));
        assertThat(reserialised).isNotEqualTo(p2);
        String flipped = good.substring(0, good.length() - 1) + "5";
        for (String[] c : new String[][] {{"missing", null}, {"forged", flipped}, {"empty", ""}, {"no prefix", good.substring(7)},
                {"sha1", "sha1=" + good.substring(7, 47)}, {"not hex", "sha256=" + "zz".repeat(32)}, {"short", "sha256=09f7"},
                {"other secret", "sha256=" + "0".repeat(64)}}) {
            var r = post(l.webhookPath(), p2, c[1]);
            assertThat(r.status()).as(c[0]).isEqualTo(401);
            assertThat(r.body()).as(c[0]).contains("invalid_signature");
        }
        assertThat(post(l.webhookPath(), reserialised, good).status()).isEqualTo(401);
        byte[] tampered = Arrays.copyOf(p2, p2.length);
        tampered[tampered.length - 10] = 'X';
        assertThat(post(l.webhookPath(), tampered, good).status()).isEqualTo(401);
        assertThat(inboxRows(l)).isZero();
        assertThat(whatsappChats(l.owner())).isEmpty();
    }

    @Test
    void truncatedJsonHugeBodiesAndUnknownLinksGetClearErrorsAndTheServerCarriesOn() {
        var l = link("Hugo");
        byte[] p1 = fixture("p1_text.json");
        byte[] truncated = Arrays.copyOf(p1, 200);
        var r = post(l.webhookPath(), truncated, sign(truncated));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body()).contains("malformed_json");
        byte[] notAnObject = "[1,2]".getBytes(StandardCharsets.UTF_8);
        assertThat(post(l.webhookPath(), notAnObject, sign(notAnObject)).status()).isEqualTo(400);

        byte[] tenMb = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMb, (byte) ' ');
        tenMb[0] = '{';
        tenMb[tenMb.length - 1] = '}';
        // A client that asks first (Expect: 100-continue, as large uploads should) gets the 413 before sending a byte.
        var huge = post(l.webhookPath(), tenMb, sign(tenMb), true);
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body()).contains("payload_too_large");
        // One that just sends it gets the 413 or, once the server stops reading, a closed connection; nothing is stored.
        try {
            assertThat(post(l.webhookPath(), tenMb, sign(tenMb)).status()).isEqualTo(413);
        } catch (java.io.UncheckedIOException refusedMidway) {
            assertThat(refusedMidway).hasRootCauseInstanceOf(java.io.IOException.class);
        }

        assertThat(post("/webhooks/whatsapp/wl_doesnotexist", p1, sign(p1)).status()).isEqualTo(404);
        assertThat(inboxRows(l)).isZero();

        // Up to 3 MB is fine (Meta's maximum), well above the API's 256 KiB limit.
        String filler = "x".repeat(2_900_000);
        byte[] big = new String(p1, StandardCharsets.US_ASCII).replace("\"object\":", "\"padding\":\"" + filler + "\",\"object\":")
                .getBytes(StandardCharsets.US_ASCII);
        assertThat(big.length).isGreaterThan(2_900_000).isLessThan(3 * 1024 * 1024);
        assertThat(post(l.webhookPath(), big, sign(big)).status()).isEqualTo(200);
        awaitProcessed(l);
        assertThat(chatNamed(l.owner(), "Sheena Nelson")).isNotNull();
        assertThat(l.owner().api().get("/api/v1/chats").status()).isEqualTo(200);
    }
}
