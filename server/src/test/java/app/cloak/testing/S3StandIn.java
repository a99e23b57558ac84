package app.cloak.testing;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/** A real S3-compatible server (S3Proxy) in this JVM on a loopback port, storing into a temp directory. */
public final class S3StandIn {
    public static final String ACCESS = "cloak-test-access";
    public static final String SECRET = "cloak-test-secret-key";

    private final S3Proxy proxy;

    private S3StandIn(S3Proxy proxy) {
        this.proxy = proxy;
    }

    public static S3StandIn start() {
        try {
            Path root = Files.createTempDirectory("cloak-s3");
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(root.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                    .build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) Thread.sleep(10);
            return new S3StandIn(proxy);
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not start", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public void stop() throws Exception {
        proxy.stop();
    }
}
