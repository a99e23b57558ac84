package app.cloak.identity;

/**
 * Published in the transaction that blocks ({@code blocked} true) or unblocks a user: whatever shows one of the two to
 * the other (presence) can follow at once. Not published when nothing changed (blocking someone already blocked).
 */
public record BlockChanged(String blocker, String blockedUser, boolean blocked) {}
