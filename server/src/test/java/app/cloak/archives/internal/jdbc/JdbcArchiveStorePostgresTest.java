package app.cloak.archives.internal.jdbc;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class JdbcArchiveStorePostgresTest implements ArchiveStoreContract {
    private static final TestDatabase DB = TestDatabase.postgres();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
