package app.cloak.platform.persistence;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Runs every module's migrations. Each module owns {@code db/<module>/common} (portable SQL with
 * {@code ${bytes}}/{@code ${serial_pk}} placeholders) and optionally {@code db/<module>/<vendor>};
 * versions are ranged per module (platform 0.x, identity 1.x, chats 2.x, messaging 3.x, search 4.x, presence 5.x, privacy 6.x, media 7.x, archives 8.x, bridge 9.x, push 10.x)
 * and may be applied out of order because modules evolve independently.
 */
public final class Migrations {
    public static final List<String> MODULES = List.of("platform", "identity", "chats", "messaging", "search", "presence", "privacy", "media", "archives", "bridge", "push");

    private Migrations() {}

    public static void migrate(DataSource dataSource, Dialect dialect) {
        configure(dataSource, dialect).load().migrate();
    }

    /** Only the migrations up to {@code version} (e.g. "4.1"): for tests of a later migration over existing rows. */
    public static void migrateUpTo(DataSource dataSource, Dialect dialect, String version) {
        configure(dataSource, dialect).target(version).load().migrate();
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration configure(DataSource dataSource, Dialect dialect) {
        List<String> locations = new ArrayList<>();
        for (String module : MODULES) {
            locations.add("classpath:db/" + module + "/common");
            locations.add("classpath:db/" + module + "/" + dialect.vendor());
        }
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .placeholders(dialect.placeholders())
                .outOfOrder(true)
                .failOnMissingLocations(false);
    }
}
