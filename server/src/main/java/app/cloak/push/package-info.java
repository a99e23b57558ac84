/**
 * Web Push (RFC 8030/8291/8292): browsers register subscriptions; a new message notifies the recipient's
 * subscriptions when none of their devices has an open connection, respecting mute, a burst in one chat batched
 * into one notification. Payloads carry ids and the sender's name; the chat name and a text preview only when the
 * user chose previews, and never for a chat cloaked for them.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "messaging", "chats", "identity", "presence", "privacy"})
package app.cloak.push;
