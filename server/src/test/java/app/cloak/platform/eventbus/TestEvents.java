package app.cloak.platform.eventbus;

import app.cloak.shared.DurableEvent;
import java.util.List;
import java.util.Queue;
import java.util.UUID;

/** Durable events for bus tests. */
public final class TestEvents {
    private TestEvents() {}

    public record Detail(String note, double weight) {}

    public record Pinged(String id, long n, List<String> tags, Detail detail, String optional) implements DurableEvent {}

    public record Ponged(String id) implements DurableEvent {}

    public static Pinged ping(String id) {
        return new Pinged(id, 1, List.of(), null, null);
    }

    /** An id no other test uses: the database and NATS server are shared. */
    public static String uniqueId(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static List<String> ids(Queue<Pinged> events) {
        return events.stream().map(Pinged::id).toList();
    }
}
