/**
 * The device WebSocket ({@code /ws}): frames in, events out, offline sync from the change feed,
 * typing, presence hooks, heartbeats. Holds no business rules of its own.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "chats",
        "messaging", "presence", "privacy"})
package app.cloak.gateway;
