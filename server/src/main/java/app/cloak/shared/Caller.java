package app.cloak.shared;

/** The authenticated user and device behind a request or WebSocket. */
public record Caller(String userId, String deviceId) {}
