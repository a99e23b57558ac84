/**
 * Web Push (RFC 8030/8291/8292): browsers register subscriptions; a new message notifies the recipient's
 * subscriptions when none of their devices has an open connection, respecting mute, a burst in one chat batched
 * into one notification. Payloads carry ids and the sender's name, never message text.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "messaging", "chats", "identity", "presence"})
package app.cloak.push;
