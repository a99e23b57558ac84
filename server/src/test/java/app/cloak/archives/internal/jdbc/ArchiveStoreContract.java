package app.cloak.archives.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.archives.internal.ArchiveStore;
import app.cloak.archives.internal.ArchiveStore.ArchiveRow;
import app.cloak.archives.internal.ArchiveStore.ImportRow;
import app.cloak.archives.internal.ArchiveStore.MessageRow;
import app.cloak.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** What every {@link ArchiveStore} must do, on every database we support. */
interface ArchiveStoreContract {
    TestDatabase db();

    default ArchiveStore store() {
        return new JdbcArchiveStore(db().jdbc(), new JdbcTemplate(db().dataSource()));
    }

    private static String id(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    private ArchiveRow archive(String owner, long at) {
        var a = new ArchiveRow(id("ar"), id("c"), owner, "UTC", null, new byte[] {1, 2, 3}, at, at);
        db().tx().executeWithoutResult(s -> store().insert(a));
        return a;
    }

    @Test
    default void archivesAreListedForTheirOwnerAndTheUsersTheyAreSharedWithNewestFirst() {
        String ann = id("u"), bob = id("u"), eve = id("u");
        var older = archive(ann, 1_000);
        var newer = archive(ann, 2_000);
        var bobs = archive(bob, 3_000);
        db().tx().executeWithoutResult(s -> store().putMember(bobs.archiveId(), ann, "viewer", 4_000));
        assertThat(store().archivesOf(ann).stream().map(ArchiveRow::archiveId).toList())
                .containsExactly(bobs.archiveId(), newer.archiveId(), older.archiveId());
        assertThat(store().archivesOf(eve)).isEmpty();
        var loaded = store().archive(older.archiveId()).orElseThrow();
        assertThat(loaded.participants()).containsExactly(1, 2, 3);
        assertThat(loaded.chatId()).isEqualTo(older.chatId());
        assertThat(store().archive("ar_missing")).isEmpty();
    }

    @Test
    default void membersHaveOneRoleThatCanChangeAndCanBeRemoved() {
        var a = archive(id("u"), 1_000);
        String bob = id("u");
        db().tx().executeWithoutResult(s -> store().putMember(a.archiveId(), bob, "viewer", 10));
        db().tx().executeWithoutResult(s -> store().putMember(a.archiveId(), bob, "analyst", 20));
        assertThat(store().role(a.archiveId(), bob)).contains("analyst");
        assertThat(store().members(a.archiveId())).hasSize(1);
        assertThat(store().members(a.archiveId()).getFirst().createdAt()).isEqualTo(10);
        Boolean first = db().tx().execute(s -> store().removeMember(a.archiveId(), bob));
        Boolean second = db().tx().execute(s -> store().removeMember(a.archiveId(), bob));
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(store().role(a.archiveId(), bob)).isEmpty();
    }

    @Test
    default void meTimezoneParticipantsAndAnalyticsAreUpdatedInPlace() {
        var a = archive(id("u"), 1_000);
        db().tx().executeWithoutResult(s -> {
            store().setMe(a.archiveId(), "ann");
            store().setTimezone(a.archiveId(), "Europe/Berlin");
            store().updateParticipants(a.archiveId(), new byte[] {9}, 5_000);
            store().putAnalytics(a.archiveId(), new byte[] {4}, 5_000);
            store().putAnalytics(a.archiveId(), new byte[] {5, 6}, 6_000);
        });
        var loaded = store().archive(a.archiveId()).orElseThrow();
        assertThat(loaded.meKey()).isEqualTo("ann");
        assertThat(loaded.timezone()).isEqualTo("Europe/Berlin");
        assertThat(loaded.participants()).containsExactly(9);
        assertThat(loaded.updatedAt()).isEqualTo(5_000);
        assertThat(store().analytics(a.archiveId()).orElseThrow()).containsExactly(5, 6);
        assertThat(store().analytics("ar_missing")).isEmpty();
    }

    @Test
    default void importsAreNumberedInOrder() {
        var a = archive(id("u"), 1_000);
        assertThat(store().nextImportN(a.archiveId())).isEqualTo(1);
        for (int n = 1; n <= 2; n++) {
            int k = n;
            db().tx().executeWithoutResult(s -> store().insertImport(new ImportRow(a.archiveId(), k, k == 1 ? "import" : "merge", "ab".repeat(32),
                    new byte[] {7}, 100L * k, "DMY", "UTC", 10, 10 - k, k, 0, new byte[] {8}, 1_000L * k)));
        }
        assertThat(store().nextImportN(a.archiveId())).isEqualTo(3);
        var imports = store().imports(a.archiveId());
        assertThat(imports).extracting(ImportRow::kind).containsExactly("import", "merge");
        assertThat(imports.get(1).sourceBytes()).isEqualTo(200);
        assertThat(imports.get(1).report()).containsExactly(8);
    }

    @Test
    default void messagesComeBackInReadingOrderAndAreStoredOnce() {
        var a = archive(id("u"), 1_000);
        List<MessageRow> rows = new ArrayList<>();
        // Time, then import, then line: a later import's earlier message sorts first.
        rows.add(new MessageRow("m3", 200, 1, 5, "ann", "TEXT", false));
        rows.add(new MessageRow("m1", 100, 1, 9, "bob", "IMAGE", true));
        rows.add(new MessageRow("m2", 100, 2, 1, null, "SYSTEM", false));
        rows.add(new MessageRow("m0", 100, 1, 2, "ann", "TEXT", false));
        db().tx().executeWithoutResult(s -> store().insertMessages(a.archiveId(), rows));
        db().tx().executeWithoutResult(s -> store().insertMessages(a.archiveId(), List.of(rows.get(0)))); // again: ignored
        var back = store().messages(a.archiveId());
        assertThat(back).extracting(MessageRow::messageId).containsExactly("m0", "m1", "m2", "m3");
        assertThat(back.get(1).edited()).isTrue();
        assertThat(back.get(2).authorKey()).isNull();
        db().tx().executeWithoutResult(s -> store().deleteMessages(a.archiveId()));
        assertThat(store().messages(a.archiveId())).isEmpty();
    }

    @Test
    default void manyMessagesGoInAsOneBatch() {
        var a = archive(id("u"), 1_000);
        List<MessageRow> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) rows.add(new MessageRow("m" + i, 10_000 - i, 1, i, "k" + (i % 7), "TEXT", false));
        db().tx().executeWithoutResult(s -> store().insertMessages(a.archiveId(), rows));
        var back = store().messages(a.archiveId());
        assertThat(back).hasSize(5_000);
        assertThat(back.getFirst().messageId()).isEqualTo("m4999");
    }
}
