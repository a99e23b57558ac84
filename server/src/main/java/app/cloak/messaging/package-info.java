/** Messages in chats: send (idempotent by clientMsgId), history, edit, delete, reactions, stars, receipts. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "identity", "chats", "privacy", "privacy::spi", "media"})
package app.cloak.messaging;
