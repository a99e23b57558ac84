package app.cloak.shared;

/** The authenticated user and device behind a request or WebSocket. */
public record Caller(String userId, String deviceId) {
    /** The request attribute under which the authentication filter leaves the caller it established. */
    public static final String REQUEST_ATTRIBUTE = "cloak.caller";
}
