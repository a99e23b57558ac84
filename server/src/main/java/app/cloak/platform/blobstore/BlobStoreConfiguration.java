package app.cloak.platform.blobstore;

import app.cloak.platform.CloakSettings;
import app.cloak.platform.blobstore.filesystem.FileSystemBlobStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The local filesystem store under {@code <dataDir>/media}; the S3 adapter ({@code CLOAK_S3_*}) is not built yet. */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {
    @Bean
    BlobStore blobStore(CloakSettings settings) {
        return new FileSystemBlobStore(settings.dataDir().resolve("media"));
    }
}
