package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sharing as viewer or analyst; everyone else gets 404 everywhere. */
class ArchiveSharingApiTest extends ArchiveApiTestBase {
    @Test
    void viewersReadAndSearchAnalystsAlsoAnalyseAndExportStrangersSeeNothing() {
        var ann = signUp("Ann");
        var bob = signUp("Bob");
        var carol = signUp("Carol");
        var dave = signUp("Dave");
        var r = imported(ann, "chat.txt", utf8(ArchiveImportApiTest.ANDROID));
        String archiveId = r.get("archiveId").asString();
        String chatId = r.get("chatId").asString();
        String base = "/api/v1/archives/" + archiveId;

        var share = ann.api().post(base + "/shares", Map.of("userId", bob.userId(), "role", "viewer"));
        assertThat(share.status()).as(share.raw()).isEqualTo(201);
        assertThat(ann.api().post(base + "/shares", Map.of("userId", carol.userId(), "role", "analyst")).status()).isEqualTo(201);

        // Viewer: details, history, search; not analytics or export; cannot share or pick "me".
        assertThat(get(bob, base).json().get("role").asString()).isEqualTo("viewer");
        assertThat(get(bob, base).json().get("shares")).isEmpty();
        assertThat(history(bob, chatId)).hasSize(6);
        // No wait for the outbox: an import is indexed in its own transaction, so it is searchable once it answered.
        assertThat(bob.api().get("/api/v1/search?q=kumquat").body().get("hits")).hasSize(1);
        assertThat(get(bob, "/api/v1/archives").json().get("archives").get(0).get("role").asString()).isEqualTo("viewer");
        assertThat(get(bob, base + "/analytics").code()).isEqualTo("forbidden_role");
        assertThat(get(bob, base + "/analytics").status()).isEqualTo(403);
        assertThat(get(bob, base + "/export?format=json").status()).isEqualTo(403);
        assertThat(bob.api().post(base + "/shares", Map.of("userId", dave.userId(), "role", "viewer")).status()).isEqualTo(403);
        assertThat(bob.api().put(base + "/me", Map.of("authorKey", "bob")).status()).isEqualTo(403);

        // Analyst: analytics and export too.
        assertThat(get(carol, base + "/analytics").status()).isEqualTo(200);
        assertThat(get(carol, base + "/export?format=csv").status()).isEqualTo(200);
        assertThat(history(carol, chatId)).hasSize(6);

        // A stranger: 404 on every call, as if it did not exist.
        for (String path : new String[] {base, base + "/analytics", base + "/export?format=pdf"}) {
            assertThat(get(dave, path).status()).as(path).isEqualTo(404);
        }
        assertThat(dave.api().get("/api/v1/chats/" + chatId + "/messages").status()).isEqualTo(404);
        assertThat(dave.api().get("/api/v1/search?q=kumquat").body().get("hits")).isEmpty();
        assertThat(dave.api().put(base + "/me", Map.of("authorKey", "bob")).status()).isEqualTo(404);
        assertThat(dave.api().post(base + "/shares", Map.of("userId", dave.userId(), "role", "analyst")).status()).isEqualTo(404);
        assertThat(dave.api().delete(base + "/shares/" + bob.userId()).status()).isEqualTo(404);
        assertThat(upload(dave, base + "/reimport", "chat.txt", utf8(ArchiveImportApiTest.ANDROID), Map.of()).status()).isEqualTo(404);
        assertThat(get(dave, "/api/v1/archives").json().get("archives")).isEmpty();

        // Bad shares change nothing.
        assertThat(ann.api().post(base + "/shares", Map.of("userId", dave.userId(), "role", "admin")).code()).isEqualTo("invalid_role");
        assertThat(ann.api().post(base + "/shares", Map.of("userId", "u_nobody", "role", "viewer")).status()).isEqualTo(404);
        assertThat(get(ann, base).json().get("shares")).hasSize(2);

        // Unsharing takes it all away again.
        assertThat(ann.api().delete(base + "/shares/" + bob.userId()).status()).isEqualTo(204);
        assertThat(get(bob, base).status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/chats/" + chatId + "/messages").status()).isEqualTo(404);
        assertThat(bob.api().get("/api/v1/search?q=kumquat").body().get("hits")).isEmpty();
        assertThat(get(ann, base).json().get("shares")).hasSize(1);
    }

    @Test
    void theOwnerPicksWhichParticipantIsMe() {
        var ann = signUp("Ann");
        var r = imported(ann, "chat.txt", utf8(ArchiveImportApiTest.ANDROID));
        String base = "/api/v1/archives/" + r.get("archiveId").asString();
        var participants = get(ann, base).json().get("participants");
        String annKey = null;
        for (var p : participants) if (p.get("name").asString().equals("Ann Lee")) annKey = p.get("authorKey").asString();
        assertThat(annKey).isNotNull();
        var me = ann.api().put(base + "/me", Map.of("authorKey", annKey));
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().get("me").asString()).isEqualTo(annKey);
        for (var p : me.body().get("participants")) assertThat(p.get("isMe").asBoolean()).isEqualTo(p.get("authorKey").asString().equals(annKey));
        var analytics = get(ann, base + "/analytics").json();
        assertThat(analytics.get("me").asString()).isEqualTo(annKey);
        assertThat(ann.api().put(base + "/me", Map.of("authorKey", "nobody-here")).code()).isEqualTo("unknown_participant");
        assertThat(get(ann, base).json().get("me").asString()).isEqualTo(annKey);
    }
}
