package app.cloak.archives.internal.jdbc;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class JdbcArchiveStoreSqliteTest implements ArchiveStoreContract {
    private static final TestDatabase DB = TestDatabase.sqlite();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
