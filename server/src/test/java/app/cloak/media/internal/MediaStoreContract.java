package app.cloak.media.internal;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.shared.Ids;
import app.cloak.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The media tables on every database we support: derived fields round-trip, shares, cleanup queries, trash. */
interface MediaStoreContract {
    TestDatabase db();

    default MediaStore store() {
        return new MediaStore(db().jdbc());
    }

    private MediaStore.StoredMedia media(long createdAt, MediaStore.Derived derived) {
        return new MediaStore.StoredMedia(Ids.newId("md"), Ids.randomToken(20), "u_" + Ids.randomToken(8), MediaKind.IMAGE,
                "image/png", 1234, createdAt, derived);
    }

    @Test
    default void derivedFieldsRoundTripAndNullsStayNull() {
        var withAll = media(1, new MediaStore.Derived("thumb" + Ids.randomToken(16), 321L, "ready", null, 640, 480, 1500L,
                List.of(0, 50, 100), null));
        var bare = media(2, new MediaStore.Derived(null, null, "unavailable", "ffmpeg_not_installed", null, null, null, null,
                "waveform_unsupported_codec"));
        store().insert(withAll);
        store().insert(bare);
        assertThat(store().byId(withAll.mediaId())).contains(withAll);
        assertThat(store().byId(bare.mediaId())).contains(bare);
    }

    @Test
    default void orphansAreOldAndUnsharedAndGoWithTheirBlobsIntoTheTrash() {
        var store = store();
        var oldOrphan = media(1_000, new MediaStore.Derived("thumb" + Ids.randomToken(16), 10L, "ready", null, 1, 1, null, null, null));
        var oldShared = media(1_000, MediaStore.Derived.NONE);
        var young = media(9_000, MediaStore.Derived.NONE);
        for (var m : List.of(oldOrphan, oldShared, young)) store.insert(m);
        store.share(oldShared.mediaId(), "m_" + Ids.randomToken(8), "c_1", false, 1_000);

        List<String> orphans = store.orphans(5_000, 1000);
        assertThat(orphans).contains(oldOrphan.mediaId()).doesNotContain(oldShared.mediaId(), young.mediaId());

        assertThat(store.deleteIfUnshared(oldShared.mediaId(), 6_000)).isEmpty();
        assertThat(store.deleteIfUnshared(oldOrphan.mediaId(), 6_000))
                .containsExactly(oldOrphan.blobId(), oldOrphan.derived().thumbBlobId());
        assertThat(store.byId(oldOrphan.mediaId())).isEmpty();
        assertThat(store.trash(10_000)).contains(oldOrphan.blobId(), oldOrphan.derived().thumbBlobId());
        assertThat(store.deleteIfUnshared(oldOrphan.mediaId(), 7_000)).as("already gone").isEmpty();
        store.untrash(oldOrphan.blobId());
        assertThat(store.trash(10_000)).doesNotContain(oldOrphan.blobId()).contains(oldOrphan.derived().thumbBlobId());
    }

    @Test
    default void unshareDropsOnlyTheNamedMessagesAndReportsTheirMedia() {
        var store = store();
        var a = media(1, MediaStore.Derived.NONE);
        store.insert(a);
        String first = "m_" + Ids.randomToken(8);
        String forward = "m_" + Ids.randomToken(8);
        store.share(a.mediaId(), first, "c_1", false, 1);
        store.share(a.mediaId(), forward, "c_2", false, 2);
        assertThat(store.unshare(List.of(first, "m_unrelated"))).containsExactly(a.mediaId());
        assertThat(store.shares(a.mediaId())).extracting(MediaStore.Share::messageId).containsExactly(forward);
        assertThat(store.deleteIfUnshared(a.mediaId(), 3)).isEmpty();
        assertThat(store.unshare(List.of(forward))).containsExactly(a.mediaId());
        assertThat(store.deleteIfUnshared(a.mediaId(), 3)).containsExactly(a.blobId());
        assertThat(store.unshare(List.of())).isEmpty();
    }

    @Test
    default void viewOnceViewsAreRecordedOncePerUser() {
        var store = store();
        var a = media(1, MediaStore.Derived.NONE);
        store.insert(a);
        assertThat(store.firstView(a.mediaId(), "u_bob", 5)).isTrue();
        assertThat(store.firstView(a.mediaId(), "u_bob", 6)).isFalse();
        assertThat(store.viewed(a.mediaId(), "u_bob")).isTrue();
        assertThat(store.viewed(a.mediaId(), "u_carol")).isFalse();
    }
}
