package app.cloak.platform.crypto;

import app.cloak.platform.CloakSettings;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code java -jar cloak-server.jar rotate-data-key}: adds a fresh primary data key, then exits. It reads
 * the same settings as the server (environment variables or {@code --cloak.…} arguments) and starts only
 * the database and the keys, never the web server, jobs or the bus, so it can run next to live nodes.
 * Values written from then on use the new key; nothing is re-encrypted, old values keep their key.
 */
public final class RotateDataKeyCommand {
    public static final String NAME = "rotate-data-key";

    private RotateDataKeyCommand() {}

    /** True when the command line asks for this command rather than the server. */
    public static boolean isRequested(String... args) {
        return args.length > 0 && args[0].equals(NAME);
    }

    /** Runs the command; the arguments after the command name are Spring settings. Returns the exit code. */
    public static int run(String... args) {
        String[] settings = isRequested(args) ? Arrays.copyOfRange(args, 1, args.length) : args;
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KeysOnly.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(settings)) {
            DataCipher cipher = context.getBean(DataCipher.class);
            cipher.rotate();
            System.out.println("Data key rotated: the data keyset now holds " + cipher.keyCount()
                    + " keys; new values are encrypted with the new one. Restart running nodes to make them use it.");
            return 0;
        } catch (RuntimeException e) {
            System.err.println("Data key rotation failed: " + e.getMessage());
            return 1;
        }
    }

    /** Settings, data source (with migrations) and the crypto beans; not a component, so the server never loads it. */
    @ComponentScan({"app.cloak.platform.persistence", "app.cloak.platform.crypto"})
    @EnableConfigurationProperties(CloakSettings.class)
    static class KeysOnly {
        @Bean
        JdbcClient jdbcClient(DataSource dataSource) {
            return JdbcClient.create(dataSource);
        }
    }
}
