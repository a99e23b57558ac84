package app.cloak.archives.internal.parse;

import java.util.List;
import java.util.Map;

/**
 * What a parse found.
 *
 * @param messages        messages passed to the sink
 * @param byType          message count per kind (kinds with no message are absent)
 * @param unparsedLines   the first {@value ChatExportParser#MAX_REPORTED_UNPARSED} lines not understood
 * @param unparsedCount   all lines not understood
 * @param outOfOrder      messages whose timestamp is earlier than the previous message's
 * @param dateOrder       the date order used
 * @param dateOrderReason why, in words
 * @param platform        "android", "ios" or "unknown"
 */
public record ParseReport(int messages, Map<Kind, Integer> byType, List<UnparsedLine> unparsedLines,
                          int unparsedCount, int outOfOrder, DateOrder dateOrder, String dateOrderReason,
                          String platform) {
}
