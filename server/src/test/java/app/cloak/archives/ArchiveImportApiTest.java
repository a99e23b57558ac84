package app.cloak.archives;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Importing exports through POST /api/v1/archives: text and zip, and every refusal (which stores nothing). */
class ArchiveImportApiTest extends ArchiveApiTestBase {
    static final String ANDROID = lf(
            "12/01/2024, 09:00 - Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.",
            "12/01/2024, 09:00 - Ann Lee: Good morning Bob, the kumquat tree flowered",
            "12/01/2024, 09:05 - Bob: Morning! Send a photo",
            "12/01/2024, 09:06 - Ann Lee: IMG-20240112-WA0001.jpg (file attached)",
            "the tree",
            "13/01/2024, 21:30 - Bob: two lines",
            "second line",
            "13/01/2024, 21:31 - Ann Lee: <Media omitted>");

    static final byte[] JPEG = MediaFiles.JPEG;

    @Test
    void aTextExportBecomesAReadOnlyArchiveChatThatIsBrowsableAndSearchable() {
        var ann = signUp("Ann");
        JsonNode r = imported(ann, "WhatsApp Chat with Bob.txt", utf8(ANDROID));
        String chatId = r.get("chatId").asString();
        assertThat(r.get("archiveId").asString()).startsWith("ar");
        JsonNode report = r.get("report");
        assertThat(report.get("messages").asInt()).isEqualTo(6);
        assertThat(report.get("dateOrder").asString()).isEqualTo("DMY");
        assertThat(report.get("dateOrderReason").asString()).isNotBlank();
        assertThat(report.get("unparsedLines")).isEmpty();
        assertThat(report.get("outOfOrder").asInt()).isZero();
        assertThat(report.get("byType").get("text").asInt()).isEqualTo(3);
        assertThat(report.get("sourceSha256").asString()).hasSize(64);
        assertThat(report.get("inserted").asInt()).isEqualTo(6);
        assertThat(r.get("participants")).hasSize(2);

        var chat = ann.api().get("/api/v1/chats/" + chatId);
        assertThat(chat.body().get("type").asString()).isEqualTo("archive");
        assertThat(chat.body().get("name").asString()).isEqualTo("Bob");

        JsonNode history = history(ann, chatId);
        assertThat(history).hasSize(6);
        assertThat(history.get(1).get("senderName").asString()).isEqualTo("Ann Lee");
        assertThat(history.get(1).get("text").asString()).isEqualTo("Good morning Bob, the kumquat tree flowered");
        assertThat(history.get(1).get("createdAt").asString()).isEqualTo("2024-01-12T09:00:00Z");
        assertThat(history.get(4).get("text").asString()).isEqualTo("two lines\nsecond line");
        assertThat(history.get(0).get("type").asString()).isEqualTo("system");

        // No wait for the outbox: an import is indexed in its own transaction, so it is searchable once it answered.
        var hits = ann.api().get("/api/v1/search?q=kumquat").body().get("hits");
        assertThat(hits).hasSize(1);
        assertThat(hits.get(0).get("message").get("chatId").asString()).isEqualTo(chatId);

        var send = ann.api().post("/api/v1/chats/" + chatId + "/messages",
                Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "text", "text", "new"));
        assertThat(send.status()).isEqualTo(403);
        assertThat(send.code()).isEqualTo("read_only");

        var list = get(ann, "/api/v1/archives").json().get("archives");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("role").asString()).isEqualTo("owner");
        assertThat(list.get(0).get("messages").asInt()).isEqualTo(5);
    }

    @Test
    void aZipIsUnpackedWithItsMediaLinkedToTheMessageThatNamesIt() {
        var ann = signUp("Ann");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("__MACOSX/._chat.txt", utf8("junk"));
        entries.put("IMG-20240112-WA0001.jpg", JPEG);
        entries.put("_chat.txt", utf8(ANDROID));
        entries.put("notes/readme.txt", utf8("not the chat"));
        JsonNode r = imported(ann, "WhatsApp Chat - Bob.zip", zip(entries), "timezone", "Europe/Berlin");
        assertThat(r.get("report").get("mediaStored").asInt()).isEqualTo(1);
        assertThat(r.get("report").get("timezone").asString()).isEqualTo("Europe/Berlin");
        JsonNode history = history(ann, r.get("chatId").asString());
        JsonNode photo = history.get(3);
        assertThat(photo.get("type").asString()).isEqualTo("image");
        assertThat(photo.get("text").asString()).isEqualTo("the tree");
        assertThat(photo.get("media").get("mime").asString()).isEqualTo("image/jpeg");
        // Europe/Berlin is UTC+1 in January.
        assertThat(photo.get("createdAt").asString()).isEqualTo("2024-01-12T08:06:00Z");
        var download = get(ann, photo.get("media").get("url").asString());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(JPEG);
    }

    @Test
    void reimportingAZipReleasesTheMediaOfTheMessagesItReplaced() {
        var ann = signUp("Ann");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("IMG-20240112-WA0001.jpg", JPEG);
        entries.put("_chat.txt", utf8(ANDROID));
        JsonNode first = imported(ann, "WhatsApp Chat - Bob.zip", zip(entries));
        String archiveId = first.get("archiveId").asString();
        String chatId = first.get("chatId").asString();
        String oldUrl = history(ann, chatId).get(3).get("media").get("url").asString();
        assertThat(mediaOf(ann)).isEqualTo(1);

        for (int i = 0; i < 2; i++) {
            Reply again = upload(ann, "/api/v1/archives/" + archiveId + "/reimport", "WhatsApp Chat - Bob.zip", zip(entries), Map.of());
            assertThat(again.status()).as(again.text()).isEqualTo(200);
            assertThat(again.json().get("report").get("mediaStored").asInt()).isEqualTo(1);
            // Only the new import's upload is left: the replaced message's media went with it.
            assertThat(mediaOf(ann)).isEqualTo(1);
        }
        JsonNode photo = history(ann, chatId).get(3);
        assertThat(get(ann, photo.get("media").get("url").asString()).body()).isEqualTo(JPEG);
        assertThat(get(ann, oldUrl).status()).isEqualTo(404);

        // A merge of the same zip adds nothing, and keeps nothing of its own upload.
        Reply merged = importExport(ann, "WhatsApp Chat - Bob.zip", zip(entries), "archiveId", archiveId);
        assertThat(merged.json().get("report").get("inserted").asInt()).isZero();
        assertThat(mediaOf(ann)).isEqualTo(1);
    }

    private long mediaOf(Session s) {
        return jdbc.sql("SELECT COUNT(*) FROM media WHERE uploader_id = ?").param(s.userId()).query(Long.class).single();
    }

    @Test
    void aZipBombIsRefusedAndNothingIsStored() {
        var ann = signUp("Ann");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("_chat.txt", utf8(ANDROID));
        entries.put("IMG-20240112-WA0001.jpg", JPEG);
        entries.put("VID-20240112-WA0002.mp4", new byte[40 * 1024 * 1024]); // zeros: ~40 KB deflated, ratio ~1000
        Reply r = importExport(ann, "bomb.zip", zip(entries));
        assertThat(r.status()).as(r.text()).isEqualTo(413);
        assertThat(r.code()).isEqualTo("zip_bomb");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(storedFor(ann)).isZero();
    }

    @Test
    void pathTraversalIsRefusedAndNothingIsStored() {
        var ann = signUp("Ann");
        for (String evil : new String[] {"../../etc/cron.d/evil.txt", "/etc/passwd", "media/../../x.jpg", "C:\\Windows\\x.txt", "a\\..\\..\\b.txt"}) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("_chat.txt", utf8(ANDROID));
            entries.put(evil, JPEG);
            Reply r = importExport(ann, "evil.zip", zip(entries));
            assertThat(r.status()).as(evil + " " + r.text()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("zip_path_traversal");
        }
        assertThat(storedFor(ann)).isZero();
    }

    @Test
    void tooManyEntriesAreRefusedAndNothingIsStored() {
        var ann = signUp("Ann");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("_chat.txt", utf8(ANDROID));
        for (int i = 0; i < 300; i++) entries.put("f" + i + ".jpg", JPEG); // the test context allows 200 entries
        Reply r = importExport(ann, "many.zip", zip(entries));
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("zip_too_many_entries");
        assertThat(storedFor(ann)).isZero();
    }

    @Test
    void whatIsNotAnExportIsRefusedAndNothingIsStored() {
        var ann = signUp("Ann");
        Reply text = importExport(ann, "notes.txt", utf8("Shopping list\nmilk\neggs\n"));
        assertThat(text.status()).as(text.text()).isEqualTo(400);
        assertThat(text.code()).isEqualTo("not_an_export");
        Reply image = importExport(ann, "photo.txt", JPEG);
        assertThat(image.code()).isEqualTo("not_an_export");
        Reply noChat = importExport(ann, "media.zip", zip(Map.of("IMG-1.jpg", JPEG)));
        assertThat(noChat.status()).isEqualTo(400);
        assertThat(noChat.code()).isEqualTo("not_an_export");
        Reply broken = importExport(ann, "broken.zip", java.util.Arrays.copyOf(zip(Map.of("_chat.txt", utf8(ANDROID))), 60));
        assertThat(broken.status()).as(broken.text()).isEqualTo(400);
        assertThat(broken.code()).isIn("invalid_zip", "not_an_export");
        Reply none = importExport(ann, null, null);
        assertThat(none.code()).isEqualTo("missing_file");
        assertThat(storedFor(ann)).isZero();
    }

    @Test
    void wrongDateOrderOrTimezoneValuesAreRefusedBeforeAnythingIsRead() {
        var ann = signUp("Ann");
        Reply order = importExport(ann, "chat.txt", utf8(ANDROID), "dateOrder", "DDMM");
        assertThat(order.status()).isEqualTo(400);
        assertThat(order.code()).isEqualTo("invalid_date_order");
        Reply zone = importExport(ann, "chat.txt", utf8(ANDROID), "timezone", "Mars/Olympus_Mons");
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone.code()).isEqualTo("invalid_timezone");
        assertThat(storedFor(ann)).isZero();
    }

    @Test
    void anAmbiguousDateOrderCanBeOverriddenByReimportingAndTheArchiveKeepsItsId() {
        var ann = signUp("Ann");
        String ambiguous = lf("01/02/2024, 10:00 - Ann: first", "03/04/2024, 11:00 - Bob: second");
        JsonNode first = imported(ann, "chat.txt", utf8(ambiguous));
        String archiveId = first.get("archiveId").asString();
        String chatId = first.get("chatId").asString();
        String inferred = first.get("report").get("dateOrder").asString();
        String other = inferred.equals("DMY") ? "MDY" : "DMY";
        Reply again = upload(ann, "/api/v1/archives/" + archiveId + "/reimport", "chat.txt", utf8(ambiguous),
                Map.of("dateOrder", other, "timezone", "America/New_York"));
        assertThat(again.status()).as(again.text()).isEqualTo(200);
        assertThat(again.json().get("report").get("dateOrder").asString()).isEqualTo(other);
        assertThat(again.json().get("chatId").asString()).isEqualTo(chatId);
        JsonNode history = history(ann, chatId);
        assertThat(history).hasSize(2);
        // 1 Feb (DMY) or 2 Jan (MDY), 10:00 in New York = 15:00 UTC.
        assertThat(history.get(0).get("createdAt").asString()).isEqualTo(other.equals("MDY") ? "2024-01-02T15:00:00Z" : "2024-02-01T15:00:00Z");
        var details = get(ann, "/api/v1/archives/" + archiveId).json();
        assertThat(details.get("imports")).hasSize(2);
        assertThat(details.get("imports").get(1).get("kind").asString()).isEqualTo("reimport");
        assertThat(details.get("timezone").asString()).isEqualTo("America/New_York");
        // No wait for the outbox: an import is indexed in its own transaction, so it is searchable once it answered.
        assertThat(ann.api().get("/api/v1/search?q=first").body().get("hits")).hasSize(1);
    }
}
