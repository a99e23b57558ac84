package app.cloak.archives.internal;

import java.util.List;
import java.util.Map;

/**
 * What one upload did, as the API shows it and as it is kept (sealed: unparsed lines are chat content). The first
 * seven fields are API.md's; the rest say what was stored.
 */
public record ImportReport(int messages, Map<String, Integer> byType, List<Unparsed> unparsedLines, int unparsedCount,
                           int outOfOrder, String dateOrder, String dateOrderReason, String platform, String timezone,
                           String sourceSha256, long sourceBytes, String sourceName, int inserted, int duplicates,
                           int mediaStored, int mediaMissing, int mediaRefused, boolean resequenced) {
    public record Unparsed(int line, String text) {}
}
