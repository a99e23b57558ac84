/** Who is in which chat: direct chats, groups, roles, admin-only posting, per-user chat settings. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "identity"})
package app.cloak.chats;
