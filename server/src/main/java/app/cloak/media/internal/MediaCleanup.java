package app.cloak.media.internal;

import app.cloak.platform.blobstore.BlobStore;
import app.cloak.platform.jobs.ClusterJobs;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Media that nothing needs any more leave storage.
 * <ul>
 *   <li>When the last message carrying an upload is deleted for everyone or expires ({@link #released}), the upload
 *   row goes in that transaction and its blobs are queued in {@code media_trash}; right after the commit they are
 *   deleted from the blob store (the job clears the trash rows, retrying any delete that failed). A forward is a message too: the blob stays while any message still carries it.</li>
 *   <li>A cluster-once job ({@value #JOB}, every {@code cloak.media.cleanup-interval}) deletes uploads that no
 *   message carried within {@code cloak.media.orphan-after} (24 h), and retries trash the store could not delete.</li>
 * </ul>
 */
@Component
public class MediaCleanup {
    static final String JOB = "media.cleanup";
    static final int BATCH = 200;
    private static final Logger log = LoggerFactory.getLogger(MediaCleanup.class);

    private final MediaStore store;
    private final BlobStore blobs;
    private final TransactionTemplate tx;
    private final MediaSettings settings;
    private final Clock clock;

    MediaCleanup(MediaStore store, BlobStore blobs, TransactionTemplate tx, MediaSettings settings, Clock clock, ClusterJobs jobs) {
        this.store = store;
        this.blobs = blobs;
        this.tx = tx;
        this.settings = settings;
        this.clock = clock;
        jobs.every(JOB, settings.cleanupInterval(), this::sweep);
    }

    /** Inside the deleting transaction: drop the messages' shares; uploads left unshared go, blobs after commit. */
    void released(List<String> messageIds) {
        List<String> trashed = new ArrayList<>();
        for (String mediaId : store.unshare(messageIds)) trashed.addAll(store.deleteIfUnshared(mediaId, clock.millis()));
        if (trashed.isEmpty()) return;
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                /** Only the store here: this transaction's connection is still bound, so the trash rows are left for the job. */
                @Override
                public void afterCommit() {
                    for (String blobId : trashed) {
                        try {
                            blobs.delete(blobId);
                        } catch (IOException | RuntimeException e) {
                            log.warn("Could not delete blob {} yet; the cleanup job retries", blobId, e);
                        }
                    }
                }
            });
        } else {
            emptyTrash(trashed);
        }
    }

    /** One run of the job: orphans older than the setting go, then the trash is emptied. Returns uploads deleted. */
    public int sweep() {
        long before = clock.millis() - settings.orphanAfter().toMillis();
        List<String> orphans = store.orphans(before, BATCH);
        int deleted = 0;
        for (String mediaId : orphans) {
            List<String> queued = tx.execute(s -> store.deleteIfUnshared(mediaId, clock.millis()));
            if (queued != null && !queued.isEmpty()) deleted++;
        }
        emptyTrash(store.trash(BATCH * 2));
        if (deleted > 0) log.info("Deleted {} uploads no message carried within {}", deleted, settings.orphanAfter());
        return deleted;
    }

    private void emptyTrash(List<String> blobIds) {
        for (String blobId : blobIds) {
            try {
                blobs.delete(blobId);
                tx.executeWithoutResult(s -> store.untrash(blobId));
            } catch (IOException | RuntimeException e) {
                log.warn("Could not delete blob {} yet; the cleanup job retries", blobId, e);
            }
        }
    }
}
