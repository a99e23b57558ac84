package app.cloak.platform.eventbus.durable;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox table on every database we support. */
interface OutboxContract {
    TestDatabase db();

    default Outbox outbox() {
        return new Outbox(db().jdbc(), db().dialect(), Clock.systemUTC());
    }

    @BeforeEach
    default void empty() {
        db().jdbc().sql("DELETE FROM event_outbox").update();
    }

    @Test
    default void appended_events_are_claimed_oldest_first_and_gone_once_deleted() {
        var outbox = outbox();
        long first = outbox.append("MessageAccepted", "{\"messageId\":\"m_1\"}");
        long second = outbox.append("MessageEdited", "{\"messageId\":\"m_1\",\"text\":\"ü ✓\"}");
        assertThat(second).isGreaterThan(first);
        assertThat(outbox.anyDue()).isTrue();

        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(due).extracting(Outbox.Entry::id).containsExactly(first, second);
        assertThat(due.get(1)).satisfies(e -> {
            assertThat(e.type()).isEqualTo("MessageEdited");
            assertThat(e.payload()).isEqualTo("{\"messageId\":\"m_1\",\"text\":\"ü ✓\"}");
            assertThat(e.attempts()).isZero();
            assertThat(e.deliveredTo()).isEmpty();
            assertThat(e.messageId()).isEqualTo(second + "@" + e.createdAt());
        });

        outbox.delete(List.of(first, second));
        assertThat(outbox.anyDue()).isFalse();
        assertThat(outbox.claim(first)).isEmpty();
        assertThat(outbox.count()).isZero();
    }

    @Test
    default void events_of_a_transaction_are_written_in_order_when_it_commits_without_those_of_savepoints_rolled_back() {
        var outbox = outbox();
        var tx = db().tx();
        var nested = db().tx();
        nested.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        Runnable rolledBack = () -> {
            try {
                nested.executeWithoutResult(n -> {
                    outbox.appendOnCommit("Dropped", "{}");
                    throw new IllegalStateException("roll back to the savepoint");
                });
            } catch (IllegalStateException expected) {
                // its event goes with it
            }
        };
        tx.executeWithoutResult(s -> {
            rolledBack.run();                                  // a savepoint made before the transaction had any event
            outbox.appendOnCommit("First", "{\"n\":1}");
            nested.executeWithoutResult(n -> outbox.appendOnCommit("Second", "{\"n\":2}"));   // released: kept
            rolledBack.run();                                  // one made after
            nested.executeWithoutResult(n -> {
                outbox.appendOnCommit("Third", "{\"n\":3}");
                rolledBack.run();                              // nested twice
            });
            assertThat(outbox.count()).as("written at the commit, not before").isZero();
        });
        try {
            tx.executeWithoutResult(s -> {
                outbox.appendOnCommit("Lost", "{}");
                throw new IllegalStateException("roll back the transaction");
            });
        } catch (IllegalStateException expected) {
            // nothing of it is written
        }
        outbox.appendOnCommit("Alone", "{}");                  // no transaction: at once
        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(due).extracting(Outbox.Entry::type).containsExactly("First", "Second", "Third", "Alone");
        assertThat(due.get(2).payload()).isEqualTo("{\"n\":3}");
    }

    @Test
    default void an_event_added_after_the_transactions_events_were_written_is_written_at_once() {
        var outbox = outbox();
        db().tx().executeWithoutResult(s -> {
            outbox.appendOnCommit("Before", "{}");
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            outbox.appendOnCommit("AfterCommit", "{}");
                        }
                    });
        });
        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(due).extracting(Outbox.Entry::type).containsExactly("Before", "AfterCommit");
    }

    @Test
    default void an_event_first_added_by_another_synchronizations_before_commit_work_is_written_with_the_transaction() {
        var outbox = outbox();
        db().tx().executeWithoutResult(s -> org.springframework.transaction.support.TransactionSynchronizationManager
                .registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void beforeCommit(boolean readOnly) {
                        outbox.appendOnCommit("FromBeforeCommit", "{}");
                    }
                }));
        try {
            db().tx().executeWithoutResult(s -> org.springframework.transaction.support.TransactionSynchronizationManager
                    .registerSynchronization(new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void beforeCommit(boolean readOnly) {
                            outbox.appendOnCommit("RolledBackWithIt", "{}");
                            throw new IllegalStateException("the commit fails after it");
                        }
                    }));
        } catch (IllegalStateException expected) {
            // the transaction is rolled back, and the event with it
        }
        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(due).extracting(Outbox.Entry::type).containsExactly("FromBeforeCommit");
    }

    @Test
    default void a_transactions_events_beyond_one_statement_are_all_written() {
        var outbox = outbox();
        int n = Outbox.ROWS_PER_STATEMENT * 2 + 7;
        db().tx().executeWithoutResult(s -> {
            for (int i = 0; i < n; i++) outbox.appendOnCommit("Pinged", "{\"n\":" + i + "}");
        });
        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(n + 10));
        assertThat(due).hasSize(n);
        assertThat(due.get(n - 1).payload()).isEqualTo("{\"n\":" + (n - 1) + "}");
    }

    @Test
    default void a_failed_entry_waits_for_its_retry_and_remembers_who_succeeded() {
        var outbox = outbox();
        long id = outbox.append("MessageAccepted", "{}");
        outbox.retryLater(id, Set.of("search", "analytics"), Duration.ofHours(1));

        assertThat(outbox.anyDue()).isFalse();
        List<Outbox.Entry> notYet = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(notYet).isEmpty();
        Optional<Outbox.Entry> waiting = db().tx().execute(s -> outbox.claim(id));
        assertThat(waiting).hasValueSatisfying(e -> {
            assertThat(e.attempts()).isEqualTo(1);
            assertThat(e.deliveredTo()).containsExactlyInAnyOrder("search", "analytics");
        });

        outbox.retryLater(id, Set.of("search"), Duration.ZERO);
        assertThat(outbox.anyDue()).isTrue();
        List<Outbox.Entry> due = db().tx().execute(s -> outbox.claimDue(10));
        assertThat(due).singleElement()
                .satisfies(e -> assertThat(e.attempts()).isEqualTo(2));
    }

    /** Relays of several nodes drain one outbox: no row is claimed twice, none is left behind. */
    @Test
    default void concurrent_relays_claim_each_row_once() throws Exception {
        var outbox = outbox();
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 60; i++) appended.add(outbox.append("Pinged", "{\"n\":" + i + "}"));
        Queue<Long> claimed = new ConcurrentLinkedQueue<>();
        try (var relays = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int r = 0; r < 3; r++) {
                relays.submit(() -> {
                    int n;
                    do {
                        n = db().tx().execute(s -> {
                            List<Long> ids = outbox.claimDue(7).stream().map(Outbox.Entry::id).toList();
                            claimed.addAll(ids);
                            outbox.delete(ids);
                            return ids.size();
                        });
                    } while (n > 0);
                    return null;
                });
            }
        }
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(appended);
        assertThat(outbox.count()).isZero();
    }
}
