package app.cloak.shared;

/** The authenticated user and device behind a request or WebSocket. */
public record Caller(String userId, String deviceId) {
    /** The request attribute under which the authentication filter leaves the caller it established. */
    public static final String REQUEST_ATTRIBUTE = "cloak.caller";
    /** The request attribute holding the {@link java.time.Instant} the caller's access token expires. */
    public static final String TOKEN_EXPIRES_ATTRIBUTE = "cloak.caller.expires";
}
