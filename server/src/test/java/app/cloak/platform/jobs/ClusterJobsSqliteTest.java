package app.cloak.platform.jobs;

import app.cloak.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;

class ClusterJobsSqliteTest implements ClusterJobsContract {
    private static final TestDatabase DB = TestDatabase.sqlite();

    @Override
    public TestDatabase db() { return DB; }

    @AfterAll
    static void close() { DB.close(); }
}
