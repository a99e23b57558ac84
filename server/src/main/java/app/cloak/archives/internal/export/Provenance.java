package app.cloak.archives.internal.export;

import java.util.List;

/** Where an export's content came from: every upload that went into the archive, with its hash and parse summary. */
public record Provenance(String archiveId, String name, String timezone, String me, String exportedAt, List<Source> sources,
                         List<Participant> participants) {
    public record Source(int n, String kind, String sourceName, String sourceSha256, long sourceBytes, String importedAt,
                         int messages, int inserted, int duplicates, int unparsedLines, int outOfOrder, String dateOrder,
                         String dateOrderReason, String platform) {
        public String summary() {
            return messages + " messages (" + inserted + " new, " + duplicates + " already present), " + unparsedLines
                    + " lines not understood, " + outOfOrder + " out of order; dates read as " + dateOrder + " (" + dateOrderReason
                    + "); platform " + platform;
        }
    }

    public record Participant(String authorKey, String name, int messages) {}
}
