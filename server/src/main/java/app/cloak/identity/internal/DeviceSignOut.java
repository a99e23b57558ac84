package app.cloak.identity.internal;

import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.persistence.AfterCommit;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * A revoked or logged-out device loses its open sockets too, on whichever node holds them: once the
 * revocation has committed, the device's signal key ({@code device.<id>}) hears {@link #SIGNED_OUT}.
 */
@Component
class DeviceSignOut {
    /** The payload the gateway closes a device's socket on. */
    static final String SIGNED_OUT = "signed-out";
    private final SignalBus signals;

    DeviceSignOut(SignalBus signals) {
        this.signals = signals;
    }

    void signedOut(String deviceId) {
        AfterCommit.run(() -> signals.signal("device." + deviceId, SIGNED_OUT.getBytes(StandardCharsets.UTF_8)));
    }
}
