package app.cloak.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedTailTest {
    private static final long NOW = 1_000_000;
    private static final List<String> ALICE_AND_BOB = List.of("alice", "bob");

    private static FeedTail.Entry message(long version, String chatId, List<String> members) {
        String id = "m" + version;
        var row = new MessageStore.StoredMessage(id, chatId, version, members.getFirst(), "c" + version, "text", new byte[] {1},
                null, false, 0, null, null, null);
        return new FeedTail.Entry(new ChangeFeedStore.Change(version, chatId, null, FeedReader.NEW, id), members, row);
    }

    private static FeedTail.Entry disappearing(long version, long expiresAt) {
        var e = message(version, "c1", ALICE_AND_BOB);
        var r = e.row();
        return new FeedTail.Entry(e.change(), e.audience(), new MessageStore.StoredMessage(r.id(), r.chatId(), r.seq(), r.senderId(),
                r.clientMsgId(), r.type(), r.body(), null, false, 0, null, null, expiresAt));
    }

    private static FeedTail.Entry other(long version, String kind, String userId) {
        return new FeedTail.Entry(new ChangeFeedStore.Change(version, "c1", userId, kind, userId), List.of(userId), null);
    }

    private static List<Long> versions(FeedTail.Page page) {
        return page.entries().stream().map(e -> e.change().version()).toList();
    }

    @Test
    void servesNewMessagesForTheUserAfterTheCursor() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(11, "c1", ALICE_AND_BOB), message(12, "c2", List.of("carol", "dave"))));
        tail.committed(List.of(message(13, "c1", ALICE_AND_BOB)));

        var page = tail.since("bob", 10, 100, NOW).orElseThrow();
        assertThat(versions(page)).containsExactly(11L, 13L);
        assertThat(page.cursor()).isEqualTo(13);
        assertThat(page.more()).isFalse();
        assertThat(versions(tail.since("bob", 11, 100, NOW).orElseThrow())).containsExactly(13L);
        var nothingForErin = tail.since("erin", 10, 100, NOW).orElseThrow();
        assertThat(nothingForErin.entries()).isEmpty();
        assertThat(nothingForErin.cursor()).isEqualTo(13);      // the cursor still moves past what was not for her
    }

    @Test
    void pagesByTheLimit() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(1, "c1", ALICE_AND_BOB), message(2, "c1", ALICE_AND_BOB), message(3, "c1", ALICE_AND_BOB)));
        var first = tail.since("bob", 0, 2, NOW).orElseThrow();
        assertThat(versions(first)).containsExactly(1L, 2L);
        assertThat(first.cursor()).isEqualTo(2);
        assertThat(first.more()).isTrue();
        var second = tail.since("bob", first.cursor(), 2, NOW).orElseThrow();
        assertThat(versions(second)).containsExactly(3L);
        assertThat(second.more()).isFalse();
    }

    @Test
    void cursorsOutsideTheTailAndOtherKindsOfChangeGoToTheDatabase() {
        var tail = new FeedTail(16);
        assertThat(tail.since("bob", 0, 100, NOW)).as("nothing committed yet").isEmpty();
        tail.committed(List.of(message(21, "c1", ALICE_AND_BOB)));
        assertThat(tail.since("bob", 19, 100, NOW)).as("below the tail's start").isEmpty();
        assertThat(tail.since("bob", 22, 100, NOW)).as("beyond its head").isEmpty();
        assertThat(tail.since("bob", 20, 100, NOW)).isPresent();

        tail.committed(List.of(other(22, FeedReader.STATUS, "bob")));
        assertThat(tail.since("bob", 20, 100, NOW)).as("a receipt for bob in his range").isEmpty();
        assertThat(tail.since("alice", 20, 100, NOW)).as("alice's range has only the message").isPresent();

        var appended = new FeedTail.Entry(new ChangeFeedStore.Change(23, "c1", null, FeedReader.NEW, "imported"), ALICE_AND_BOB, null);
        tail.committed(List.of(appended));
        assertThat(tail.since("alice", 22, 100, NOW)).as("a new message without its row").isEmpty();
    }

    @Test
    void aBatchThatCommitsBeforeAnEarlierOneHandsItsOverWaitsForItAndItsUsersArePokedAgain() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(1, "c1", ALICE_AND_BOB)));
        Set<String> released = tail.committed(List.of(message(3, "c2", List.of("carol", "dave"))));
        assertThat(released).isEmpty();
        var carol = tail.since("carol", 1, 100, NOW).orElseThrow();
        assertThat(carol.entries()).as("version 2 is not in yet: 3 must wait").isEmpty();
        assertThat(carol.cursor()).isEqualTo(1);

        released = tail.committed(List.of(message(2, "c1", ALICE_AND_BOB)));
        assertThat(released).containsExactlyInAnyOrder("carol", "dave");
        assertThat(versions(tail.since("carol", carol.cursor(), 100, NOW).orElseThrow())).containsExactly(3L);
        assertThat(versions(tail.since("bob", 0, 100, NOW).orElseThrow())).containsExactly(1L, 2L);
    }

    @Test
    void keepsOnlyTheNewestCapacityChanges() {
        var tail = new FeedTail(4);
        for (long v = 1; v <= 10; v++) tail.committed(List.of(message(v, "c1", ALICE_AND_BOB)));
        assertThat(tail.since("bob", 5, 100, NOW)).as("version 6 was overwritten").isEmpty();
        assertThat(versions(tail.since("bob", 6, 100, NOW).orElseThrow())).containsExactly(7L, 8L, 9L, 10L);
    }

    @Test
    void anUnknownCommitOutcomeStartsItOverAtTheNextBatch() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(1, "c1", ALICE_AND_BOB)));
        tail.committed(List.of(message(3, "c2", List.of("carol"))));    // waits for 2
        assertThat(tail.forget()).containsExactly("carol");
        assertThat(tail.since("bob", 0, 100, NOW)).isEmpty();
        tail.committed(List.of(message(5, "c1", ALICE_AND_BOB)));
        assertThat(tail.since("bob", 3, 100, NOW)).as("before the restart: the database").isEmpty();
        assertThat(versions(tail.since("bob", 4, 100, NOW).orElseThrow())).containsExactly(5L);
    }

    @Test
    void aGapThatNeverClosesStartsItOverAboveEverythingHeld() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(1, "c1", ALICE_AND_BOB)));
        Set<String> poked = Set.of();
        long v = 3;                                          // 2 never comes
        for (int i = 0; i <= FeedTail.MAX_HELD; i++) poked = tail.committed(List.of(message(v++, "c1", List.of("bob", "erin"))));
        assertThat(poked).containsExactlyInAnyOrder("bob", "erin");
        assertThat(tail.since("bob", 1, 100, NOW)).as("a cursor that might miss version 2").isEmpty();
        tail.committed(List.of(message(v, "c1", ALICE_AND_BOB)));
        assertThat(versions(tail.since("bob", v - 1, 100, NOW).orElseThrow())).containsExactly(v);
    }

    @Test
    void leavesOutMessagesThatHaveDisappeared() {
        var tail = new FeedTail(16);
        tail.committed(List.of(disappearing(1, NOW), disappearing(2, NOW + 1), message(3, "c1", ALICE_AND_BOB)));
        assertThat(versions(tail.since("bob", 0, 100, NOW).orElseThrow())).containsExactly(2L, 3L);
    }

    @Test
    void aPrunedCursorIsLeftToTheDatabase() {
        var tail = new FeedTail(16);
        tail.committed(List.of(message(1, "c1", ALICE_AND_BOB), message(2, "c1", ALICE_AND_BOB), message(3, "c1", ALICE_AND_BOB)));
        tail.on(new ChangeFeedStore.Pruned(2));
        assertThat(tail.since("bob", 1, 100, NOW)).as("must be told cursor_expired").isEmpty();
        assertThat(versions(tail.since("bob", 2, 100, NOW).orElseThrow())).containsExactly(3L);
        tail.on(new ChangeFeedStore.Pruned(9));                          // beyond its head (it lags the commits)
        assertThat(tail.since("bob", 3, 100, NOW)).isEmpty();
        for (long v = 4; v <= 10; v++) tail.committed(List.of(message(v, "c1", ALICE_AND_BOB)));
        assertThat(versions(tail.since("bob", 9, 100, NOW).orElseThrow())).containsExactly(10L);
    }

    @Test
    void aUserWithMoreThanTheirShareInTheTailIsSentToTheDatabaseForOldCursors() {
        var tail = new FeedTail(4096);
        for (long v = 1; v <= FeedTail.PER_USER + 76; v++) tail.committed(List.of(message(v, "c1", ALICE_AND_BOB)));
        long droppedUpTo = FeedTail.PER_USER / 2;             // the older half went when the 1025th arrived
        assertThat(tail.since("bob", droppedUpTo - 1, 5000, NOW)).isEmpty();
        var page = tail.since("bob", droppedUpTo, 5000, NOW).orElseThrow();
        assertThat(page.entries()).hasSize(FeedTail.PER_USER + 76 - (int) droppedUpTo);
        assertThat(page.entries().getFirst().change().version()).isEqualTo(droppedUpTo + 1);
    }

    @Test
    void forgetsUsersWithNothingLeftInTheRing() {
        var tail = new FeedTail(4);
        tail.committed(List.of(message(1, "c2", List.of("carol"))));
        for (long v = 2; v <= 12; v++) tail.committed(List.of(message(v, "c1", ALICE_AND_BOB)));
        var carol = tail.since("carol", 8, 100, NOW).orElseThrow();
        assertThat(carol.entries()).isEmpty();
        assertThat(carol.cursor()).isEqualTo(12);
        tail.committed(List.of(message(13, "c2", List.of("carol"))));
        assertThat(versions(tail.since("carol", 12, 100, NOW).orElseThrow())).containsExactly(13L);
    }

    @Test
    void offWithCapacityZero() {
        var tail = new FeedTail(0);
        assertThat(tail.enabled()).isFalse();
        assertThat(tail.committed(new ArrayList<>(List.of(message(1, "c1", ALICE_AND_BOB))))).isEmpty();
        assertThat(tail.since("bob", 0, 100, NOW)).isEmpty();
    }
}
