package app.cloak.platform.persistence;

import app.cloak.platform.CloakSettings;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** One data source for the node: embedded SQLite by default, PostgreSQL when a URL says so. */
@Configuration(proxyBeanMethods = false)
class PersistenceConfiguration {

    @Bean
    Dialect dialect(CloakSettings settings) {
        String url = settings.database().url();
        return url == null || url.isBlank() ? Dialect.SQLITE : Dialect.fromUrl(url);
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(CloakSettings settings, Dialect dialect) {
        CloakSettings.Database db = settings.database();
        String url = dialect == Dialect.SQLITE
                ? Databases.sqliteUrl(settings.dataDir(), db.sqliteSynchronous(), db.sqliteCacheMb(), true)
                : db.url();
        int poolSize = db.poolSize() != null ? db.poolSize() : (dialect == Dialect.SQLITE ? 4 : 10);
        DataSource pool = dialect == Dialect.SQLITE ? Databases.sqlite(url, poolSize)
                : Databases.pool(url, db.username(), db.password(), poolSize);
        Migrations.migrate(pool, dialect);
        return pool;
    }

    /** SQLite only: WAL checkpoints off the committing threads (the URL above turns SQLite's own off). */
    @Bean
    WalCheckpointer walCheckpointer(DataSource dataSource, CloakSettings settings, Dialect dialect) {
        java.time.Duration interval = settings.database().sqliteCheckpointInterval();
        return new WalCheckpointer(dialect == Dialect.SQLITE ? dataSource : null,
                interval == null ? java.time.Duration.ofSeconds(1) : interval);
    }

    /** Whether transactions run one at a time under one write lock (SQLite), for stores that keep reads. */
    @Bean
    SingleWriter singleWriter(DataSource dataSource) {
        return SingleWriter.of(dataSource);
    }

    /**
     * Replaces Boot's JDBC transaction manager so {@link AfterCommit} work runs after the connection is released; on
     * SQLite it lets one transaction in at a time, on the one write connection ({@link SqliteConnections}).
     */
    @Bean
    PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new AfterCommitTransactionManager(dataSource);
    }
}
