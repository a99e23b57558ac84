/**
 * Technical modules with no business rules: persistence, crypto, event bus, web plumbing, rate limits.
 * Open so business modules may use its sub-packages directly.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package app.cloak.platform;
