package app.cloak.identity;

import app.cloak.shared.DurableEvent;

/**
 * Published in the transaction that signs a device out (log-out, revocation from another device, a reused refresh
 * token): whatever other modules keep for that device (push subscriptions) can go.
 */
public record DeviceSignedOut(String userId, String deviceId) implements DurableEvent {}
