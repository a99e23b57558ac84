package app.cloak.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * {@code s3-server PORT DIR ACCESS SECRET}: a real S3-compatible server (S3Proxy, filesystem-backed under DIR) on
 * 127.0.0.1:PORT, AWS v2/v4 signatures with the given key, until killed. {@code bench/run.sh --s3} starts it before the
 * server and points {@code CLOAK_S3_*} at it, so media uploads go through the S3 adapter (over loopback HTTP).
 */
final class S3Server {
    private S3Server() {}

    static void run(String port, String dir, String access, String secret) throws Exception {
        Files.createDirectories(Path.of(dir));
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(dir))
                .endpoint(URI.create("http://127.0.0.1:" + Integer.parseInt(port)))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, access, secret)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
        System.err.println("S3Proxy listening on http://127.0.0.1:" + proxy.getPort() + " (" + dir + ")");
        Thread.currentThread().join();
    }
}
