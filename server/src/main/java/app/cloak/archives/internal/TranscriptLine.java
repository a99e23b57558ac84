package app.cloak.archives.internal;

import java.time.LocalDateTime;

/**
 * One message of an archive as the reader analyses and exports it, in reading order. {@code kind} is the parser's
 * kind name (TEXT, IMAGE, SYSTEM, …); {@code authorKey}/{@code authorName} are null for system notices;
 * {@code mediaMime} is set when the export's media file was stored.
 */
public record TranscriptLine(String messageId, long seq, LocalDateTime time, String authorKey, String authorName, String kind,
                             String text, boolean edited, String mediaMime) {
    public boolean authored() {
        return authorKey != null && !kind.equals("SYSTEM") && !kind.equals("ENCRYPTION_NOTICE");
    }
}
