package app.cloak.platform.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What every SignalBus must do. Keys are unique per test, so buses on a shared NATS server never cross. */
public interface SignalBusContract {
    Duration WAIT = Duration.ofSeconds(5);

    /** The bus under test: one per test, closed by the implementing class. */
    SignalBus bus();

    static String key(String name) {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "." + name;
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records payloads as strings. */
    static Consumer<byte[]> into(Queue<String> received) {
        return payload -> received.add(new String(payload, StandardCharsets.UTF_8));
    }

    @Test
    default void a_signal_reaches_every_listener_of_its_key_and_no_other() {
        String user = key("user.u_1");
        String other = key("user.u_2");
        Queue<String> first = new ConcurrentLinkedQueue<>();
        Queue<String> second = new ConcurrentLinkedQueue<>();
        Queue<String> elsewhere = new ConcurrentLinkedQueue<>();
        bus().listen(user, into(first));
        bus().listen(user, into(second));
        bus().listen(other, into(elsewhere));

        bus().signal(user, bytes("changed"));
        bus().signal(other, bytes("marker"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(first).containsExactly("changed");
            assertThat(second).containsExactly("changed");
            assertThat(elsewhere).containsExactly("marker");
        });
    }

    @Test
    default void payloads_arrive_byte_for_byte() {
        String key = key("device.d_1");
        byte[] payload = {0, 1, (byte) 0xff, '{', '}', 0};
        Queue<byte[]> received = new ConcurrentLinkedQueue<>();
        bus().listen(key, received::add);
        bus().signal(key, payload);
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).singleElement().isEqualTo(payload));
    }

    @Test
    default void a_closed_registration_gets_nothing_more_and_closing_twice_is_harmless() {
        String key = key("typing.c_1");
        Queue<String> closed = new ConcurrentLinkedQueue<>();
        Queue<String> open = new ConcurrentLinkedQueue<>();
        var registration = bus().listen(key, into(closed));
        bus().listen(key, into(open));
        bus().signal(key, bytes("1"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(closed).containsExactly("1"));

        registration.close();
        registration.close();
        bus().signal(key, bytes("2"));
        bus().signal(key, bytes("3"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(open).containsExactly("1", "2", "3"));
        assertThat(closed).containsExactly("1");
    }

    @Test
    default void the_same_listener_registered_twice_is_two_registrations() {
        String key = key("presence.u_1");
        Queue<String> received = new ConcurrentLinkedQueue<>();
        Consumer<byte[]> listener = into(received);
        var once = bus().listen(key, listener);
        bus().listen(key, listener);
        bus().signal(key, bytes("a"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsExactly("a", "a"));

        once.close();
        once.close();
        bus().signal(key, bytes("b"));
        bus().signal(key, bytes("c"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsExactly("a", "a", "b", "c"));
    }

    @Test
    default void a_failing_listener_harms_neither_the_others_nor_later_signals() {
        String key = key("user.u_9");
        Queue<String> received = new ConcurrentLinkedQueue<>();
        bus().listen(key, payload -> { throw new IllegalStateException("listener bug"); });
        bus().listen(key, into(received));
        bus().signal(key, bytes("1"));
        bus().signal(key, bytes("2"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(received).containsExactly("1", "2"));
    }

    @Test
    default void keys_that_are_not_subject_tokens_are_refused() {
        for (String bad : List.of("", "a b", "a..b", "a.*", "a.>", ".a", "a.", "ä")) {
            assertThatThrownBy(() -> bus().signal(bad, bytes("x"))).as(bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> bus().listen(bad, p -> {})).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> bus().signal(null, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
    }
}
