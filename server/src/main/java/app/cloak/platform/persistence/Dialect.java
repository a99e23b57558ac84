package app.cloak.platform.persistence;

import java.util.Map;

/**
 * The few places SQLite and PostgreSQL differ. Migrations use the placeholders; stores ask the
 * dialect instead of scattering {@code if}s.
 */
public enum Dialect {
    SQLITE("sqlite", Map.of("bytes", "BLOB", "serial_pk", "INTEGER PRIMARY KEY AUTOINCREMENT")),
    POSTGRES("postgresql", Map.of("bytes", "BYTEA", "serial_pk", "BIGSERIAL PRIMARY KEY"));

    private final String vendor;
    private final Map<String, String> placeholders;

    Dialect(String vendor, Map<String, String> placeholders) {
        this.vendor = vendor;
        this.placeholders = placeholders;
    }

    public static Dialect fromUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRES;
        throw new IllegalArgumentException("Unsupported database URL (use jdbc:postgresql:// or leave empty for SQLite)");
    }

    /** Folder name under {@code db/<module>/} for migrations that only this database understands. */
    public String vendor() { return vendor; }

    public Map<String, String> placeholders() { return placeholders; }

    /**
     * Suffix for a {@code SELECT} that claims rows for this transaction; with {@code skipLocked}, rows
     * another transaction holds are passed over instead of waited for. SQLite needs none: every
     * transaction takes the database write lock at {@code BEGIN} ({@code transaction_mode=IMMEDIATE}).
     */
    public String forUpdate(boolean skipLocked) {
        if (this == SQLITE) return "";
        return skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE";
    }
}
