package app.cloak.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
}
