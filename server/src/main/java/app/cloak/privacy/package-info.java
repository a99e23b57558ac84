/**
 * Private reading ("cloak"): per-user policy (cloak by default, per-chat override, appear offline,
 * typing, who sees last seen), reveals now or on a schedule, and the user's audit log. Decides; the
 * watermarks themselves live in messaging, reached through {@link app.cloak.privacy.spi.RevealTarget}.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "chats"})
package app.cloak.privacy;
