package app.cloak.platform.crypto;

import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wrapped key material in the database; first writer wins so cluster nodes agree. */
final class KeyMaterialStore {
    private final JdbcClient jdbc;
    private final Clock clock;

    KeyMaterialStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Optional<String> find(String name) {
        return jdbc.sql("SELECT material FROM crypto_material WHERE name = ?").param(name)
                .query(String.class).optional();
    }

    /** Inserts unless present; returns whatever is stored afterwards. */
    String putIfAbsent(String name, String material) {
        jdbc.sql("INSERT INTO crypto_material (name, material, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")
                .params(name, material, clock.millis()).update();
        return find(name).orElseThrow();
    }

    /** Compare-and-set: replaces the material only if it is still {@code expected}; true if it did. */
    boolean replace(String name, String expected, String material) {
        return jdbc.sql("UPDATE crypto_material SET material = ?, updated_at = ? WHERE name = ? AND material = ?")
                .params(material, clock.millis(), name, expected).update() == 1;
    }
}
