package app.cloak.platform.blobstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The S3-compatible object store ({@code cloak.s3.*}); used when {@code endpoint} is set.
 *
 * @param endpoint  {@code CLOAK_S3_ENDPOINT}, e.g. {@code http://minio:9000} or {@code https://s3.eu-west-1.amazonaws.com};
 *                  blank: local files. Path-style addressing.
 * @param bucket    {@code CLOAK_S3_BUCKET}, default {@code cloak-media} (created at start if missing).
 * @param accessKey {@code CLOAK_S3_ACCESS_KEY}.
 * @param secretKey {@code CLOAK_S3_SECRET_KEY}.
 * @param region    {@code CLOAK_S3_REGION}, default {@code us-east-1} (signing region; most S3-compatible servers ignore it).
 * @param partSize  {@code CLOAK_S3_PART_SIZE}, default 8 MB (at least 5 MB): the most one upload holds in memory;
 *                  larger blobs go up as multipart uploads of this part size.
 */
@ConfigurationProperties("cloak.s3")
public record S3Settings(String endpoint, String bucket, String accessKey, String secretKey, String region, DataSize partSize) {
    public S3Settings {
        if (bucket == null || bucket.isBlank()) bucket = "cloak-media";
        if (region == null || region.isBlank()) region = "us-east-1";
        if (partSize == null) partSize = DataSize.ofMegabytes(8);
        if (partSize.toBytes() < 5L * 1024 * 1024 || partSize.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cloak.s3.part-size must be between 5MB and 2GB");
        }
        if (endpoint != null && !endpoint.isBlank() && (accessKey == null || accessKey.isBlank() || secretKey == null || secretKey.isBlank())) {
            throw new IllegalArgumentException("CLOAK_S3_ENDPOINT is set: CLOAK_S3_ACCESS_KEY and CLOAK_S3_SECRET_KEY are needed too");
        }
    }

    public boolean enabled() {
        return endpoint != null && !endpoint.isBlank();
    }
}
