package app.cloak.platform.persistence;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.datasource.AbstractDataSource;

/**
 * SQLite connections that keep their prepared statements. sqlite-jdbc compiles a statement's SQL (and reads its
 * result's column names) every time it is prepared, and HikariCP leaves statement caching to the driver by design,
 * which SQLite's driver does not do: every query paid a compile, a third of a send's statement time in the ws-send
 * profile (BENCHMARKS.md, "ws-send: the server's CPU per message"). PostgreSQL needs none of this (pgjdbc keeps
 * server-side prepared statements per connection itself). No pool with a statement cache fits here (the pool stays
 * HikariCP, as Boot sets it up), hence this small wrapper.
 *
 * <p>Only {@code prepareStatement(sql)} of SQL up to {@value #MAX_SQL_CHARS} characters is cached: a longer one is a bulk
 * multi-row statement (an import's thousands of placeholders), whose compile is spread over its rows anyway and whose
 * compiled program is large; kept, its size variants would pile up in native memory. A statement leaves the cache while it is in use, so two uses of
 * the same SQL at once (a query run while another's rows are read) each get their own. Closing it puts it back,
 * reset: its open result set closed (so no read snapshot stays open), parameters and batch cleared (parameters on the
 * driver's side only, see {@link CachedStatement#clearParameters}). A statement
 * whose settings were changed (timeout, max rows, fetch size…) is really closed instead, so no setting leaks to the
 * next user. Closing the connection finalises its cached statements.
 */
final class StatementCache extends AbstractDataSource {
    private static final Set<String> SETTINGS = Set.of("setMaxRows", "setLargeMaxRows", "setQueryTimeout", "setFetchSize",
            "setFetchDirection", "setEscapeProcessing", "setPoolable", "setCursorName", "closeOnCompletion", "setMaxFieldSize");

    /** Longest SQL kept compiled; the server's own statements are a few hundred characters. */
    static final int MAX_SQL_CHARS = 2_000;

    private final String url;
    private final int perConnection;

    StatementCache(String url, int perConnection) {
        this.url = url;
        this.perConnection = perConnection;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection raw = DriverManager.getConnection(url);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new CachingConnection(raw, perConnection));
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class CachingConnection implements InvocationHandler {
        private final Connection raw;
        private final Map<String, PreparedStatement> idle;
        private boolean closed;

        CachingConnection(Connection raw, int capacity) {
            this.raw = raw;
            this.idle = new LinkedHashMap<>(capacity * 2, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                    if (size() <= capacity) return false;
                    closeQuietly(eldest.getValue());
                    return true;
                }
            };
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement" -> {
                    if (args.length == 1 && ((String) args[0]).length() <= MAX_SQL_CHARS) return prepare(proxy, (String) args[0]);
                }
                case "close" -> {
                    closeAll();
                    return call(raw, method, args);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> { }
            }
            return call(raw, method, args);
        }

        private Object prepare(Object connection, String sql) throws SQLException {
            PreparedStatement statement;
            synchronized (this) {
                statement = idle.remove(sql);
            }
            if (statement == null) statement = raw.prepareStatement(sql);
            return Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class},
                    new CachedStatement(this, (Connection) connection, sql, statement));
        }

        /** Takes back a reset statement; closes it when the connection is gone or the SQL is already cached. */
        void giveBack(String sql, PreparedStatement statement) {
            synchronized (this) {
                if (!closed && !idle.containsKey(sql)) {
                    idle.put(sql, statement);
                    return;
                }
            }
            closeQuietly(statement);
        }

        private void closeAll() {
            ArrayList<PreparedStatement> all;
            synchronized (this) {
                closed = true;
                all = new ArrayList<>(idle.values());
                idle.clear();
            }
            all.forEach(CachingConnection::closeQuietly);
        }

        private static void closeQuietly(PreparedStatement statement) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // finalising a statement of a connection that is going away: nothing to do about it
            }
        }
    }

    private static final class CachedStatement implements InvocationHandler {
        private final CachingConnection owner;
        private final Connection connection;
        private final String sql;
        private final PreparedStatement raw;
        private ResultSet results;
        private boolean changed;
        private boolean closed;

        CachedStatement(CachingConnection owner, Connection connection, String sql, PreparedStatement raw) {
            this.owner = owner;
            this.connection = connection;
            this.sql = sql;
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    close();
                    return null;
                }
                case "isClosed" -> {
                    return closed;
                }
                case "getConnection" -> {
                    return connection;
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> { }
            }
            if (closed) throw new SQLException("The statement is closed");
            if (SETTINGS.contains(name)) changed = true;
            Object result = call(raw, method, args);
            if (result instanceof ResultSet rs && (name.equals("executeQuery") || name.equals("getResultSet"))) results = rs;
            return result;
        }

        /**
         * Sets every parameter to NULL in the driver's own array (sqlite-jdbc binds them all at each execution), not
         * with {@code clearParameters()}: that calls {@code sqlite3_clear_bindings}, which marks as expired a statement
         * whose plan SQLite deems dependent on its parameters (its {@code expmask}; so it was, as measured, for the
         * queries with an ORDER BY), and SQLite compiled it again at its next step. Measured: a two-row members query
         * with an ORDER BY took 8 µs through this cache against 2.4–3.5 µs through plain JDBC (BENCHMARKS.md,
         * session 9). The native binding keeps the last value until the next execution binds over it.
         */
        private void clearParameters() throws SQLException {
            int n = raw.getParameterMetaData().getParameterCount();
            for (int i = 1; i <= n; i++) raw.setNull(i, Types.NULL);
        }

        private void close() throws SQLException {
            if (closed) return;
            closed = true;
            if (changed) {
                raw.close();
                return;
            }
            try {
                if (results != null && !results.isClosed()) results.close();   // resets the statement
                clearParameters();
                raw.clearBatch();
            } catch (SQLException e) {
                raw.close();
                return;
            }
            owner.giveBack(sql, raw);
        }
    }
}
