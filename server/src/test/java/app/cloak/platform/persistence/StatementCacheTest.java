package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sqlite.jdbc3.JDBC3PreparedStatement;

/** SQLite connections keep their prepared statements, and a kept statement behaves like a fresh one. */
class StatementCacheTest {
    private Path dir;
    private StatementCache source;

    @BeforeEach
    void open() throws Exception {
        dir = Files.createTempDirectory("cloak-stmt-cache-");
        source = new StatementCache(Databases.sqliteUrl(dir, "NORMAL"), 2);
        try (Connection c = source.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        }
    }

    @AfterEach
    void clean() throws Exception {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.delete(p);
        }
        Files.delete(dir);
    }

    private static JDBC3PreparedStatement raw(PreparedStatement ps) throws SQLException {
        return ps.unwrap(JDBC3PreparedStatement.class);
    }

    private static String value(PreparedStatement ps, int id) throws SQLException {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    @Test
    void a_closed_statement_is_reused_for_the_same_sql_and_answers_like_a_fresh_one() throws Exception {
        try (Connection c = source.getConnection()) {
            JDBC3PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                first = raw(ps);
                assertThat(value(ps, 1)).isEqualTo("a");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                assertThat(raw(ps)).isSameAs(first);
                assertThat(value(ps, 2)).isEqualTo("b");
                assertThat(ps.isClosed()).isFalse();
            }
        }
    }

    @Test
    void the_same_sql_in_use_twice_at_once_gets_two_statements() throws Exception {
        try (Connection c = source.getConnection();
             PreparedStatement outer = c.prepareStatement("SELECT v FROM t WHERE id = ?");
             PreparedStatement inner = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
            assertThat(raw(inner)).isNotSameAs(raw(outer));
            outer.setInt(1, 1);
            try (ResultSet rs = outer.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(value(inner, 3)).isEqualTo("c");
                assertThat(rs.getString(1)).isEqualTo("a");
            }
        }
    }

    @Test
    void a_statement_closed_with_unread_rows_keeps_no_snapshot_open() throws Exception {
        try (Connection reader = source.getConnection(); Connection writer = source.getConnection()) {
            PreparedStatement ps = reader.prepareStatement("SELECT v FROM t ORDER BY id");
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            ps.close();                                    // rows left unread, result set not closed by the caller
            assertThat(rs.isClosed()).isTrue();
            try (Statement s = writer.createStatement()) {
                s.execute("UPDATE t SET v = 'z' WHERE id = 1");
            }
            try (PreparedStatement again = reader.prepareStatement("SELECT v FROM t ORDER BY id");
                 ResultSet fresh = again.executeQuery()) {
                assertThat(fresh.next()).isTrue();
                assertThat(fresh.getString(1)).isEqualTo("z");  // a new read, not the old snapshot
            }
        }
    }

    @Test
    void a_reused_statement_has_no_parameters_or_batch_left_over() throws Exception {
        try (Connection c = source.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
                ps.setInt(1, 10);
                ps.setString(2, "left over");
                ps.addBatch();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
                assertThat(ps.executeBatch()).isEmpty();       // the earlier user's batch is gone
                ps.setInt(1, 11);
                ps.executeUpdate();                            // v unbound: NULL, not the earlier user's value
                ps.setInt(1, 12);
                ps.setString(2, "bound and executed");
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)")) {
                ps.setInt(1, 13);
                ps.executeUpdate();                            // nor the value the last execution bound
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                assertThat(value(ps, 10)).isNull();
                assertThat(value(ps, 12)).isEqualTo("bound and executed");
                for (int id : new int[] {11, 13}) {
                    ps.setInt(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isNull();
                    }
                }
            }
        }
    }

    @Test
    void a_long_bulk_statement_is_not_kept() throws Exception {
        String bulk = "SELECT v FROM t WHERE id IN (" + "?, ".repeat(StatementCache.MAX_SQL_CHARS / 3) + "?)";
        try (Connection c = source.getConnection()) {
            JDBC3PreparedStatement first;
            try (PreparedStatement ps = c.prepareStatement(bulk)) {
                first = ps.unwrap(JDBC3PreparedStatement.class);
            }
            assertThat(first.isClosed()).isTrue();
        }
    }

    @Test
    void a_statement_with_changed_settings_is_not_kept_and_a_closed_one_cannot_be_used() throws Exception {
        try (Connection c = source.getConnection()) {
            PreparedStatement ps = c.prepareStatement("SELECT v FROM t WHERE id = ?");
            JDBC3PreparedStatement first = raw(ps);
            ps.setMaxRows(1);
            ps.close();
            assertThat(ps.isClosed()).isTrue();
            assertThatThrownBy(() -> ps.setInt(1, 1)).isInstanceOf(SQLException.class);
            assertThat(first.isClosed()).isTrue();
            try (PreparedStatement again = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                assertThat(raw(again)).isNotSameAs(first);
                assertThat(again.getMaxRows()).isZero();
            }
        }
    }

    @Test
    void the_least_recently_used_statement_goes_when_the_cache_is_full_and_closing_the_connection_finalises_the_rest()
            throws Exception {
        JDBC3PreparedStatement kept;
        JDBC3PreparedStatement evicted;
        try (Connection c = source.getConnection()) {
            try (PreparedStatement a = c.prepareStatement("SELECT 1")) {
                evicted = raw(a);
            }
            try (PreparedStatement b = c.prepareStatement("SELECT 2")) {
                kept = raw(b);
            }
            try (PreparedStatement d = c.prepareStatement("SELECT 3")) {
                d.executeQuery().close();
            }
            assertThat(evicted.isClosed()).isTrue();          // capacity 2: the oldest went
            assertThat(kept.isClosed()).isFalse();
        }
        assertThat(kept.isClosed()).isTrue();
    }
}
