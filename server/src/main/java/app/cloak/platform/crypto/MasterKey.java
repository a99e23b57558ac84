package app.cloak.platform.crypto;

import com.google.crypto.tink.Aead;

/** Wraps (encrypts) the data keys; never encrypts user data itself. */
public record MasterKey(Aead aead) {}
