package app.cloak.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQLite pragmas the URL asks for are the ones every pooled connection has. */
class SqliteSettingsTest {
    @TempDir
    Path dir;

    private long pragma(String url, String name) {
        try (var pool = Databases.pool(url, null, null, 2)) {
            return JdbcClient.create(pool).sql("PRAGMA " + name).query(Long.class).single();
        }
    }

    @Test
    void thePageCacheIs32MiBByDefaultAndConfigurable() {
        assertThat(pragma(Databases.sqliteUrl(dir, "FULL"), "cache_size")).isEqualTo(-32L * 1024);
        assertThat(pragma(Databases.sqliteUrl(dir, "FULL", 8, false), "cache_size")).isEqualTo(-8L * 1024);
        assertThatThrownBy(() -> Databases.sqliteUrl(dir, "FULL", 0, false)).hasMessageContaining("sqlite-cache-mb");
    }

    @Test
    void durabilityIsFullUnlessNormalIsAskedFor() {
        assertThat(pragma(Databases.sqliteUrl(dir, null), "synchronous")).isEqualTo(2L);   // FULL
        assertThat(pragma(Databases.sqliteUrl(dir, "normal"), "synchronous")).isEqualTo(1L);
        assertThat(pragma(Databases.sqliteUrl(dir, null), "busy_timeout")).isEqualTo(30_000L);
    }
}
