package app.cloak.platform.blobstore;

import app.cloak.platform.blobstore.filesystem.FileSystemBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSystemBlobStoreTest implements BlobStoreContract {
    @TempDir
    Path root;

    private FileSystemBlobStore store;

    @Override
    public BlobStore store() {
        if (store == null) store = new FileSystemBlobStore(root);
        return store;
    }

    @Override
    public long storedObjects() throws Exception {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
