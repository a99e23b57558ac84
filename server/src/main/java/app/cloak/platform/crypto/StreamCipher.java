package app.cloak.platform.crypto;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Envelope encryption of large values at rest (media): Tink's streaming AEAD (AES-256-GCM-HKDF, 4 KiB segments)
 * under a data keyset that the same master key wraps as {@link DataCipher}'s. Segments let a reader decrypt any
 * byte range without reading the whole blob. The {@code context} (e.g. the media id) is bound as associated data.
 */
public final class StreamCipher {
    private static final String NAME = "stream-keyset";
    private static final byte[] WRAP_CONTEXT = NAME.getBytes(StandardCharsets.UTF_8);

    private final StreamingAead aead;

    StreamCipher(KeyMaterialStore store, MasterKey masterKey) {
        try {
            String wrapped = store.find(NAME).orElseGet(() -> store.putIfAbsent(NAME, wrap(masterKey)));
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), WRAP_CONTEXT);
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), StreamingAead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap the stream keyset: is CLOAK_MASTER_KEY the key this database was created with?", e);
        }
    }

    /** Plaintext written to the result is encrypted into {@code ciphertext}; closing the result finishes the stream. */
    public OutputStream encrypting(OutputStream ciphertext, String context) throws IOException {
        try {
            return aead.newEncryptingStream(ciphertext, ad(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    /** A seekable plaintext view of {@code ciphertext}; positions and sizes are in plaintext bytes. */
    public SeekableByteChannel decrypting(SeekableByteChannel ciphertext, String context) throws IOException {
        try {
            return aead.newSeekableDecryptingChannel(ciphertext, ad(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("decryption failed", e);
        }
    }

    private static String wrap(MasterKey masterKey) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_4KB);
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, masterKey.aead(), WRAP_CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ad(String context) {
        return context.getBytes(StandardCharsets.UTF_8);
    }
}
