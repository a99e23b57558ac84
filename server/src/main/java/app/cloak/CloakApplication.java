package app.cloak;

import app.cloak.platform.crypto.RotateDataKeyCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The one deployable: every business module is a top-level package below this one. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CloakApplication {
    public static void main(String[] args) {
        if (RotateDataKeyCommand.isRequested(args)) System.exit(RotateDataKeyCommand.run(args));
        SpringApplication.run(CloakApplication.class, args);
    }
}
