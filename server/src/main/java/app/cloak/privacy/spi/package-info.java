/** Hooks other modules implement for private reading: where a reveal lands ({@link app.cloak.privacy.spi.RevealTarget}). */
@org.springframework.modulith.NamedInterface("spi")
package app.cloak.privacy.spi;
