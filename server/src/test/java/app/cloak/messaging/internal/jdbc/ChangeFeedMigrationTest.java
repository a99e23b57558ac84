package app.cloak.messaging.internal.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import app.cloak.messaging.internal.ChangeFeedStore.Change;
import app.cloak.platform.persistence.Dialect;
import app.cloak.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * V3_14 rebuilds SQLite's change feed with version as its rowid, and on both databases indexes only per-user changes
 * by user: a device's cursor from before the upgrade reads on as before, and new changes follow the old ones.
 */
class ChangeFeedMigrationTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aCursorFromBeforeTheUpgradeReadsOnAndNewChangesFollow(Dialect dialect) {
        try (TestDatabase db = dialect == Dialect.SQLITE ? TestDatabase.sqliteUpTo("3.13") : TestDatabase.postgresUpTo("3.13")) {
            var before = new JdbcChangeFeedStore(db.jdbc(), event -> { });
            db.tx().executeWithoutResult(s -> before.append(List.of(
                    new Change(0, "c_a", null, "message.new", "m1"),
                    new Change(0, "c_a", "u_me", "status", "u_me"),
                    new Change(0, "c_b", null, "message.new", "m2"),
                    new Change(0, "c_a", "u_other", "message.deleted", "m1")), 1_000L));

            db.migrate();

            var feed = new JdbcChangeFeedStore(db.jdbc(), event -> { });
            assertThat(feed.head()).isEqualTo(4);
            assertThat(feed.since("u_me", List.of("c_a", "c_b"), 0, 100))
                    .containsExactly(new Change(1, "c_a", null, "message.new", "m1"), new Change(2, "c_a", "u_me", "status", "u_me"),
                            new Change(3, "c_b", null, "message.new", "m2"));
            assertThat(feed.since("u_other", List.of(), 0, 100)).extracting(Change::version).containsExactly(4L);
            var added = db.tx().execute(s -> feed.append(List.of(new Change(0, "c_a", null, "message.new", "m3")), 2_000L));
            assertThat(added).extracting(Change::version).containsExactly(5L);
            assertThat(feed.since("u_me", List.of("c_a"), 2, 100)).extracting(Change::ref).containsExactly("m3");
            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM change_feed").query(Long.class).single()).isEqualTo(5);
            if (dialect == Dialect.SQLITE) {
                assertThat(db.jdbc().sql("SELECT COUNT(*) FROM change_feed WHERE rowid <> version").query(Long.class).single()).isZero();
                assertThat(db.jdbc().sql("SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'change_feed' AND type = 'index'")
                        .query(Long.class).single()).as("by chat, by user, by ref: no index of its own for version").isEqualTo(3);
            }
            String byUser = dialect == Dialect.SQLITE
                    ? "SELECT sql FROM sqlite_master WHERE name = 'change_feed_by_user'"
                    : "SELECT indexdef FROM pg_indexes WHERE indexname = 'change_feed_by_user' AND schemaname = current_schema()";
            assertThat(db.jdbc().sql(byUser).query(String.class).single()).containsIgnoringCase("WHERE").containsIgnoringCase("IS NOT NULL");
        }
    }
}
