package app.cloak.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChunksTest {
    @Test
    void resultsReachTheConsumerInOrderOnTheCallersThread() {
        List<Integer> items = IntStream.range(0, 10_007).boxed().toList();
        Set<String> computedOn = ConcurrentHashMap.newKeySet();
        Thread caller = Thread.currentThread();
        List<Integer> seen = new ArrayList<>();
        Chunks.pipeline(items, 100, chunk -> {
            computedOn.add(Thread.currentThread().toString());
            return chunk.stream().map(i -> i * 2).toList();
        }, doubled -> {
            assertThat(Thread.currentThread()).isSameAs(caller);
            seen.addAll(doubled);
        });
        assertThat(seen).isEqualTo(items.stream().map(i -> i * 2).toList());
        assertThat(Chunks.map(items, 333, chunk -> chunk.stream().map(i -> -i).toList()))
                .isEqualTo(items.stream().map(i -> -i).toList());
        assertThat(Chunks.map(List.<Integer>of(), 10, chunk -> chunk)).isEmpty();
    }

    @Test
    void aFailureInComputeOrConsumeIsRethrownAndStopsTheRest() {
        List<Integer> items = IntStream.range(0, 5_000).boxed().toList();
        AtomicInteger consumed = new AtomicInteger();
        assertThatThrownBy(() -> Chunks.pipeline(items, 10, chunk -> {
            if (chunk.getFirst() == 2_000) throw new IllegalArgumentException("bad chunk");
            return chunk;
        }, chunk -> consumed.incrementAndGet())).isInstanceOf(IllegalArgumentException.class).hasMessage("bad chunk");
        assertThat(consumed.get()).isEqualTo(200); // every chunk before the bad one, none after

        assertThatThrownBy(() -> Chunks.pipeline(items, 10, chunk -> chunk, chunk -> {
            throw new IllegalStateException("write failed");
        })).isInstanceOf(IllegalStateException.class).hasMessage("write failed");
    }
}
