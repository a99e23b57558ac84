/** Tiny, framework-free types every module may use: ids, the caller, API problems. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package app.cloak.shared;
