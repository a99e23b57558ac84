package app.cloak.archives.internal.parse;

/** A line that is neither a message header nor a continuation (e.g. text before the first header). */
public record UnparsedLine(int line, String text) {
}
