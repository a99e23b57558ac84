/** Accounts by phone + one-time code, tokens, devices, profiles, contacts and blocks. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"shared", "platform", "platform::*"})
package app.cloak.identity;
