package app.cloak.archives.internal.parse;

import java.time.LocalDateTime;
import java.util.Map;

/**
 * One message of an export, in file order.
 *
 * @param line      1-based line number of the message's first line in the file
 * @param timestamp as written in the file (no zone; the importer applies the time zone)
 * @param author    display name cleaned of bidi/invisible marks; {@code null} for system and encryption notices
 * @param authorKey canonical author key ({@link ChatExportParser#authorKey}); {@code null} when author is null
 * @param kind      what the message is
 * @param text      full text, lines joined with "\n"; for media the caption, or "" if none
 * @param mediaFile file name of an attached file the message names, else null
 * @param edited    the "&lt;This message was edited&gt;" marker was present (removed from text)
 * @param details   kind-specific values: latitude/longitude/url/venue for locations; question/options/votes
 *                  (JSON arrays) for polls; subtype (and label, the author-like prefix newer iOS puts on notices)
 *                  for SYSTEM; callType/missed/duration for CALL; clock=lenient when a 12-hour time was impossible
 */
public record ParsedMessage(int line, LocalDateTime timestamp, String author, String authorKey, Kind kind,
                            String text, String mediaFile, boolean edited, Map<String, String> details) {
}
