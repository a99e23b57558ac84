package app.cloak.platform.blobstore;

import app.cloak.platform.CloakSettings;
import app.cloak.platform.blobstore.filesystem.FileSystemBlobStore;
import app.cloak.platform.blobstore.s3.S3BlobStore;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** S3-compatible storage when {@code CLOAK_S3_ENDPOINT} is set, else local files under {@code <dataDir>/media}. */
@Configuration(proxyBeanMethods = false)
class BlobStoreConfiguration {
    private static final Logger log = LoggerFactory.getLogger(BlobStoreConfiguration.class);

    @Bean
    BlobStore blobStore(CloakSettings settings, S3Settings s3) {
        if (s3.enabled()) {
            log.info("Media blobs in S3 bucket {} at {}", s3.bucket(), s3.endpoint());
            return new S3BlobStore(S3BlobStore.client(URI.create(s3.endpoint()), s3.region(), s3.accessKey(), s3.secretKey()),
                    s3.bucket(), (int) s3.partSize().toBytes()).ensureBucket();
        }
        return new FileSystemBlobStore(settings.dataDir().resolve("media"));
    }
}
