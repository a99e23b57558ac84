package app.cloak.platform;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Node-wide settings. Every key can be set from the environment with the names in API.md.
 *
 * @param dataDir  {@code CLOAK_DATA_DIR}: SQLite file, local media and generated secrets. Default {@code ./data}.
 * @param database {@code CLOAK_DATABASE_URL/USERNAME/PASSWORD}: blank URL means embedded SQLite.
 * @param masterKey {@code CLOAK_MASTER_KEY}: Tink keyset JSON that wraps the data keys; blank means
 *                  generate one into {@code <dataDir>/secrets/master-keyset.json} (0600) on first start.
 */
@ConfigurationProperties("cloak")
public record CloakSettings(Path dataDir, Database database, String masterKey) {
    public CloakSettings {
        if (dataDir == null) dataDir = Path.of("data");
        if (database == null) database = new Database(null, null, null, null, null, null, null);
    }

    /**
     * @param url       JDBC URL; {@code jdbc:postgresql://…} switches to PostgreSQL. Blank: SQLite in the data dir.
     * @param username  PostgreSQL user (ignored for SQLite).
     * @param password  PostgreSQL password (ignored for SQLite).
     * @param poolSize  connections in the pool; default 10 (PostgreSQL) / 4 (SQLite, one writer at a time anyway).
     * @param sqliteSynchronous SQLite {@code synchronous} pragma: {@code FULL} (default: every acknowledged
     *                  write survives power loss) or {@code NORMAL} (faster; a power loss may drop the last commits).
     * @param sqliteCacheMb SQLite page cache per connection in MiB; default 32 (SQLite's own default is 2 MiB).
     * @param sqliteCheckpointInterval how often a background thread copies SQLite's WAL into the database file;
     *                  default 1 s (committing threads never do it, so no commit waits for a checkpoint).
     */
    public record Database(String url, String username, String password, Integer poolSize, String sqliteSynchronous,
                           Integer sqliteCacheMb, java.time.Duration sqliteCheckpointInterval) {}
}
