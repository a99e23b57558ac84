/** Online / last seen: which devices are connected across the cluster, and who may see it. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*", "identity", "chats", "privacy"})
package app.cloak.presence;
