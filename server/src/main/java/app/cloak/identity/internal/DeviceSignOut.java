package app.cloak.identity.internal;

import app.cloak.identity.DeviceSignedOut;
import app.cloak.platform.eventbus.SignalBus;
import app.cloak.platform.eventbus.UserSignals;
import app.cloak.platform.persistence.AfterCommit;
import java.nio.charset.StandardCharsets;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A revoked or logged-out device loses its open sockets too, on whichever node holds them: once the
 * revocation has committed, the device's signal key hears {@link UserSignals#SIGNED_OUT}. Other modules hear the
 * durable {@link DeviceSignedOut}, published in the revoking transaction.
 */
@Component
class DeviceSignOut {
    private final SignalBus signals;
    private final ApplicationEventPublisher events;

    DeviceSignOut(SignalBus signals, ApplicationEventPublisher events) {
        this.signals = signals;
        this.events = events;
    }

    /** Inside the transaction that revoked the device. */
    void signedOut(String userId, String deviceId) {
        events.publishEvent(new DeviceSignedOut(userId, deviceId));
        AfterCommit.run(() -> signals.signal(UserSignals.deviceKey(deviceId), UserSignals.SIGNED_OUT.getBytes(StandardCharsets.UTF_8)));
    }
}
