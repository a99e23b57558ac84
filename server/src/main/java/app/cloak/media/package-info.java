/** Uploads (sniffed, size-limited, encrypted at rest), signed expiring downloads, view-once. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "chats"})
package app.cloak.media;
