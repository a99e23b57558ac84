package app.cloak.messaging.internal;

import app.cloak.chats.ChatsApi;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Collects the changes a transaction makes and writes them to the feed just before it commits (so
 * the feed clock's lock is held only for the commit itself), then, after the commit, pokes every
 * affected user's devices through the signal bus. A lost poke costs latency, never data: the
 * device's next sync reads the feed.
 */
@Component
public class ChangeRecorder {
    private final ChangeFeedStore feed;
    private final ChatsApi chats;
    private final SignalBus signals;
    private final Clock clock;

    ChangeRecorder(ChangeFeedStore feed, ChatsApi chats, SignalBus signals, Clock clock) {
        this.feed = feed;
        this.chats = chats;
        this.signals = signals;
        this.clock = clock;
    }

    /** A change for every member of the chat. */
    public void forChat(String chatId, String kind, String ref) {
        pending().add(new ChangeFeedStore.Change(0, chatId, null, kind, ref));
    }

    /** A change for one user's devices only. */
    public void forUser(String userId, String chatId, String kind, String ref) {
        pending().add(new ChangeFeedStore.Change(0, chatId, userId, kind, ref));
    }

    private List<ChangeFeedStore.Change> pending() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("Changes are recorded inside a transaction");
        }
        var batch = (Batch) TransactionSynchronizationManager.getResource(this);
        if (batch == null) {
            batch = new Batch();
            TransactionSynchronizationManager.bindResource(this, batch);
            TransactionSynchronizationManager.registerSynchronization(batch);
        }
        return batch.changes;
    }

    private final class Batch implements TransactionSynchronization {
        final List<ChangeFeedStore.Change> changes = new ArrayList<>();
        final Set<String> users = new LinkedHashSet<>();

        @Override
        public void beforeCommit(boolean readOnly) {
            Set<String> chatsSeen = new java.util.HashSet<>();
            for (var c : changes) {
                if (c.userId() != null) users.add(c.userId());
                else if (chatsSeen.add(c.chatId())) users.addAll(chats.memberIds(c.chatId()));
            }
            feed.append(changes, clock.millis());
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(ChangeRecorder.this);
            if (status != STATUS_COMMITTED) return;
            for (String user : users) signals.signal(UserSignals.key(user), UserSignals.POKE);
        }
    }
}
