package app.cloak.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void aBatchsIdsLookLikeAnyIdAreUniqueAndSortInTheOrderTheyWereTaken() {
        String single = Ids.newId("m");
        Ids.Batch batch = Ids.batch("m");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 70_000; i++) ids.add(batch.next());
        for (String id : ids) {
            assertThat(id).hasSize(single.length()).matches("m_[A-Za-z0-9_-]{20}");
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSortedAccordingTo(String::compareTo); // byte order, as SQLite compares TEXT
        // The shared part is per batch: another batch's ids are elsewhere.
        String other = Ids.batch("m").next();
        assertThat(other.substring(0, 14)).isNotEqualTo(ids.getFirst().substring(0, 14));
        // Each id has random bits of its own after the counter.
        Ids.Batch again = Ids.batch("m");
        assertThat(new HashSet<>(List.of(again.next().substring(18), again.next().substring(18), again.next().substring(18),
                again.next().substring(18)))).hasSizeGreaterThan(1);
    }

    /** The counter: random start, random steps of 1 to 64; so an id is no position in its batch, a gap no count. */
    @Test
    void aBatchsCounterStartsAnywhereAndStepsByChance() {
        Ids.Batch batch = Ids.batch("m");
        List<Integer> counters = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) counters.add(counter(batch.next()));
        Set<Integer> steps = new HashSet<>();
        for (int i = 1; i < counters.size(); i++) {
            int step = counters.get(i) - counters.get(i - 1);
            assertThat(step).isBetween(1, 64);
            steps.add(step);
        }
        assertThat(steps).hasSizeGreaterThan(32);
        Set<Integer> starts = new HashSet<>();
        for (int i = 0; i < 8; i++) starts.add(counter(Ids.batch("m").next()));
        assertThat(starts).hasSizeGreaterThan(1);
    }

    private static int counter(String id) {
        String sorted = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        int v = 0;
        for (char c : id.substring(14, 18).toCharArray()) v = v * 64 + sorted.indexOf(c);
        return v;
    }
}
