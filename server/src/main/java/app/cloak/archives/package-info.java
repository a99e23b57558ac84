/**
 * The conversation reader: WhatsApp exports (.txt / .zip) imported as read-only archive chats, merged on
 * re-import without duplicates, shared as viewer or analyst, analysed and exported (JSON, CSV, HTML, PDF).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "identity", "chats", "messaging", "media"})
package app.cloak.archives;
