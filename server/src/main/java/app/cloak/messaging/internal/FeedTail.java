package app.cloak.messaging.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * The newest changes of the feed, kept in memory as they commit on this node, so that a device poked for a new
 * message reads it from here instead of from the database (five reads per device and message: bounds, the user's
 * chats, the feed, the rows and their marks).
 *
 * <p>Serving a device from here is only right if the tail holds <em>every</em> change after the device's cursor.
 * That holds because: the feed's clock is bumped inside the committing transaction, so committed versions have no
 * gaps (a transaction that rolls back gives its versions to the next); every transaction that writes the feed hands its
 * changes here after its commit ({@link ChangeRecorder}); and this node is the feed's only writer, which is why the
 * tail is on only with the in-process bus (a single node): in a cluster (NATS) other nodes write the feed too, and
 * every read goes to the database. Hand-overs may arrive out of order (commits finish in version order, their
 * callbacks need not): the tail serves up to {@code head}, the highest version below which it holds everything, holds
 * a later batch back until the gap closes, and then returns that batch's users so they are poked again. A commit whose
 * outcome is unknown empties the tail, which starts again at the next hand-over; cursors below that read the database.
 *
 * <p>Only ranges of plain new messages, with the row the sender stored, are served from here: as soon as a device's
 * range holds anything else for it (an edit, a receipt, a membership change, a message appended without its row), the
 * whole range is read from the database, which renders it exactly as before. A new message's view needs nothing
 * the row does not have: nobody can have reacted to it, starred or hidden it before its {@code message.new}.
 */
@Component
final class FeedTail {
    /** One change with whom it is for (the chat's members at commit, or the one user) and, for a send, its row. */
    record Entry(ChangeFeedStore.Change change, Collection<String> audience, MessageStore.StoredMessage row) {}

    /** New messages for one user after a cursor; {@code cursor} is where the next read starts. */
    record Page(List<Entry> entries, long cursor, boolean more) {}

    /** Batches waiting for an earlier batch; more than this means a hand-over was lost, and the tail starts over. */
    static final int MAX_HELD = 4096;

    /** Versions one user keeps at most; a cursor older than the last one it dropped reads the database. */
    static final int PER_USER = 1024;

    private final Entry[] ring;
    private final TreeMap<Long, List<Entry>> held = new TreeMap<>();
    /** Per user, the versions in the ring that are for them: a read costs what is new for its user, not the whole ring. */
    private final Map<String, Versions> byUser = new HashMap<>();
    private long lo = -1;       // the tail holds versions (lo, head]; -1: empty, waiting for its first batch
    private long head = -1;
    private long sweptAt = -1;

    /** Ascending versions for one user: all of theirs above {@code from} (and above the ring's start). */
    private static final class Versions {
        long[] at = new long[4];
        int size;
        long from;

        Versions(long from) {
            this.from = from;
        }

        void add(long version) {
            if (size == PER_USER) {                          // drop the older half
                int keep = PER_USER / 2;
                from = at[size - keep - 1];
                System.arraycopy(at, size - keep, at, 0, keep);
                size = keep;
            }
            if (size == at.length) at = java.util.Arrays.copyOf(at, Math.min(PER_USER, size * 2));
            at[size++] = version;
        }

        /** The index of the first version above {@code cursor}. */
        int after(long cursor) {
            int i = java.util.Arrays.binarySearch(at, 0, size, cursor);
            return i >= 0 ? i + 1 : -i - 1;
        }
    }

    /** {@code capacity} 0: off (every read goes to the database). */
    FeedTail(int capacity) {
        this.ring = new Entry[capacity];
    }

    /** {@code cloak.messaging.feed-tail} changes, or none with NATS (a cluster: this node is not the feed's only writer). */
    @Autowired
    FeedTail(MessagingSettings settings, Environment environment) {
        this(StringUtils.hasText(environment.getProperty("cloak.nats.url")) ? 0 : settings.feedTail());
    }

    boolean enabled() {
        return ring.length > 0;
    }

    /**
     * Takes a committed transaction's changes (consecutive versions, ascending). Returns the users of batches this one
     * released from waiting: they were poked before the tail could serve them, and need poking again.
     */
    synchronized Set<String> committed(List<Entry> batch) {
        if (!enabled() || batch.isEmpty()) return Set.of();
        long first = batch.getFirst().change().version();
        long last = batch.getLast().change().version();
        if (lo < 0) {
            lo = first - 1;
            head = lo;
        }
        if (last <= head) return Set.of();                  // from before the tail (re)started: the database has it
        if (first <= head) return restart(last);            // overlaps what is held: cannot happen; trust nothing
        if (first > head + 1) {
            held.put(first, batch);
            return held.size() > MAX_HELD ? restart(last) : Set.of();
        }
        append(batch);
        Set<String> released = new LinkedHashSet<>();
        Map.Entry<Long, List<Entry>> next;
        while ((next = held.firstEntry()) != null && next.getKey() == head + 1) {
            held.pollFirstEntry();
            append(next.getValue());
            for (Entry e : next.getValue()) released.addAll(e.audience());
        }
        return released;
    }

    /**
     * The feed was pruned up to {@code upTo}: a cursor at or below it must get {@code cursor_expired} from the database,
     * so the tail stops serving it (moving its start early, before the pruning commits, only sends more to the database).
     */
    @EventListener
    synchronized void on(ChangeFeedStore.Pruned pruned) {
        if (lo >= 0 && pruned.upTo() > lo) lo = pruned.upTo();
    }

    /** A commit's outcome is unknown: forget everything, until the next batch. Returns the users of held batches. */
    synchronized Set<String> forget() {
        return restart(-1);
    }

    /** Starts over above {@code newHead} and whatever is held (-1: at the next batch); returns the held batches' users. */
    private Set<String> restart(long newHead) {
        Set<String> waiting = new LinkedHashSet<>();
        for (var batch : held.values()) {
            for (Entry e : batch) waiting.addAll(e.audience());
            if (newHead >= 0) newHead = Math.max(newHead, batch.getLast().change().version());
        }
        held.clear();
        byUser.clear();
        java.util.Arrays.fill(ring, null);
        lo = newHead;
        head = newHead;
        sweptAt = newHead;
        return waiting;
    }

    private void append(List<Entry> batch) {
        for (Entry e : batch) {
            long v = e.change().version();
            ring[slot(v)] = e;
            head = v;
            for (String user : e.audience()) byUser.computeIfAbsent(user, u -> new Versions(lo)).add(v);
        }
        if (head - lo > ring.length) lo = head - ring.length;
        if (lo - sweptAt > ring.length) {                   // users with nothing left in the ring
            byUser.values().removeIf(versions -> versions.at[versions.size - 1] <= lo);
            sweptAt = lo;
        }
    }

    private int slot(long version) {
        return (int) (version % ring.length);
    }

    /**
     * The new messages for {@code userId} after {@code cursor}, at most {@code limit}, leaving out those expired by
     * {@code now}; empty when the tail cannot answer
     * alone (the cursor is outside it, or the range holds another kind of change for the user): then read the database.
     */
    synchronized Optional<Page> since(String userId, long cursor, int limit, long now) {
        if (!enabled() || lo < 0 || cursor < lo || cursor > head) return Optional.empty();
        List<Entry> out = new ArrayList<>();
        Versions mine = byUser.get(userId);
        if (mine == null) return Optional.of(new Page(out, head, false));   // nothing in the ring is for them
        if (cursor < mine.from) return Optional.empty();
        for (int i = mine.after(cursor); i < mine.size; i++) {
            long v = mine.at[i];
            Entry e = ring[slot(v)];
            if (!FeedReader.NEW.equals(e.change().kind()) || e.row() == null) return Optional.empty();
            Long expiresAt = e.row().expiresAt();
            if (expiresAt != null && expiresAt <= now) continue;     // disappeared (as every database read hides it)
            out.add(e);
            if (out.size() == limit) return Optional.of(new Page(out, v, i + 1 < mine.size));
        }
        return Optional.of(new Page(out, head, false));
    }
}
