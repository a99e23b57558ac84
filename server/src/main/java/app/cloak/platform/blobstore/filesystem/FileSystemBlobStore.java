package app.cloak.platform.blobstore.filesystem;

import app.cloak.platform.blobstore.BlobStore;
import app.cloak.shared.Ids;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files under one directory ({@code <dataDir>/media} by default), fanned out by the id's first two
 * characters. A blob is written to {@code tmp/} and moved into place atomically on commit, so a crash or an
 * abandoned upload never leaves a half blob under a real id.
 */
public final class FileSystemBlobStore implements BlobStore {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final Path root;
    private final Path tmp;

    public FileSystemBlobStore(Path root) {
        this.root = root;
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the media directory " + root, e);
        }
    }

    @Override
    public Sink create() throws IOException {
        String id = Ids.randomToken(20);
        Path part = tmp.resolve(id + ".part");
        OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Sink() {
            private boolean committed;

            @Override
            public OutputStream stream() {
                return out;
            }

            @Override
            public String commit() throws IOException {
                out.close();
                Path target = path(id);
                Files.createDirectories(target.getParent());
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
                committed = true;
                return id;
            }

            @Override
            public void close() {
                if (committed) return;
                try {
                    out.close();
                } catch (IOException ignored) {
                    // deleting the part below is what matters
                }
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    @Override
    public Optional<SeekableByteChannel> open(String id) throws IOException {
        if (!valid(id)) return Optional.empty();
        try {
            return Optional.of(Files.newByteChannel(path(id), StandardOpenOption.READ));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Long> size(String id) throws IOException {
        if (!valid(id) || !Files.exists(path(id))) return Optional.empty();
        return Optional.of(Files.size(path(id)));
    }

    @Override
    public void delete(String id) throws IOException {
        if (valid(id)) Files.deleteIfExists(path(id));
    }

    /** Where a blob lives on disk (tests look at the bytes at rest). */
    public Path path(String id) {
        return root.resolve(id.substring(0, 2)).resolve(id);
    }

    private static boolean valid(String id) {
        return id != null && ID.matcher(id).matches();
    }
}
