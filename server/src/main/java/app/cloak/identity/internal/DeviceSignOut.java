package app.cloak.identity.internal;

import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.platform.persistence.AfterCommit;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * A revoked or logged-out device loses its open sockets too, on whichever node holds them: once the
 * revocation has committed, the device's signal key hears {@link UserSignals#SIGNED_OUT}.
 */
@Component
class DeviceSignOut {
    private final SignalBus signals;

    DeviceSignOut(SignalBus signals) {
        this.signals = signals;
    }

    void signedOut(String deviceId) {
        AfterCommit.run(() -> signals.signal(UserSignals.deviceKey(deviceId), UserSignals.SIGNED_OUT.getBytes(StandardCharsets.UTF_8)));
    }
}
