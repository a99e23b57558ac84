package app.cloak.platform.eventbus;

import java.nio.charset.StandardCharsets;

/**
 * The signals addressed to a user's connected devices, on key {@code user.<userId>}: either a poke
 * ("read the change feed") or a ready WebSocket event (typing, presence) to pass on as it is.
 */
public final class UserSignals {
    public static final byte[] POKE = "{\"poke\":true}".getBytes(StandardCharsets.UTF_8);

    private UserSignals() {}

    public static String key(String userId) {
        return "user." + userId;
    }

    /**
     * The key that concerns one device's socket: a newer connection of the device says its own id
     * there (the older one goes), and a revocation or logout says {@link #SIGNED_OUT}.
     */
    public static String deviceKey(String deviceId) {
        return "device." + deviceId;
    }

    public static final String SIGNED_OUT = "signed-out";

    /** {@code eventJson}: one complete WebSocket event object, e.g. {@code {"type":"typing",…}}. */
    public static byte[] event(String eventJson) {
        return ("{\"event\":" + eventJson + "}").getBytes(StandardCharsets.UTF_8);
    }
}
