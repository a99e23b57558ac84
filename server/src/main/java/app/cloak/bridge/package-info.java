/**
 * The WhatsApp bridge (Cloud API): linked business numbers, the signed webhook with its durable inbox,
 * ingest into {@code whatsapp} chats (cloaked by default), media fetched through the Graph API, read
 * receipts sent only on reveal, and optional text replies. Nothing outside calls into it: it reaches the
 * rest through chats, messaging, media and privacy, and through the privacy module's RevealTarget SPI.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "chats", "messaging", "media",
        "privacy", "privacy::spi"})
package app.cloak.bridge;
