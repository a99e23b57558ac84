package app.cloak.platform.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Envelope encryption of user data at rest (message bodies, later media and tokens): AES-256-GCM
 * under a data keyset that the master key wraps. Every ciphertext starts with the id of the key
 * that made it, so {@link #rotate()} adds a new primary key and old values still decrypt.
 * The {@code context} (e.g. a message id) is bound as associated data: a ciphertext copied to
 * another row does not decrypt.
 */
public final class DataCipher {
    private static final String NAME = "data-keyset";
    private static final byte[] WRAP_CONTEXT = NAME.getBytes(StandardCharsets.UTF_8);

    private final KeyMaterialStore store;
    private final MasterKey masterKey;
    private volatile KeysetHandle keyset;
    private volatile Aead aead;

    DataCipher(KeyMaterialStore store, MasterKey masterKey) {
        this.store = store;
        this.masterKey = masterKey;
        String wrapped = store.find(NAME).orElseGet(() -> store.putIfAbsent(NAME, wrap(generate())));
        load(wrapped);
    }

    public byte[] encrypt(byte[] plaintext, String context) {
        try {
            return aead.encrypt(plaintext, ad(context));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public byte[] decrypt(byte[] ciphertext, String context) {
        try {
            return aead.decrypt(ciphertext, ad(context));
        } catch (GeneralSecurityException first) {
            // Another node may have rotated: reload the keyset once before giving up.
            store.find(NAME).ifPresent(this::load);
            try {
                return aead.decrypt(ciphertext, ad(context));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("decryption failed (wrong key or tampered value)", e);
            }
        }
    }

    public byte[] encryptText(String text, String context) {
        return encrypt(text.getBytes(StandardCharsets.UTF_8), context);
    }

    public String decryptText(byte[] ciphertext, String context) {
        return new String(decrypt(ciphertext, context), StandardCharsets.UTF_8);
    }

    /**
     * Adds a fresh primary data key; existing ciphertexts keep decrypting with their own key. Starts from
     * the keyset stored now and replaces it only if nobody else did meanwhile, so two rotations at once
     * (two nodes, two operators) both land and no key that may already have encrypted data is lost.
     */
    public synchronized void rotate() {
        for (int attempt = 1; ; attempt++) {
            String current = store.find(NAME).orElseThrow();
            load(current);
            String rotated = wrap(withNewPrimary(keyset));
            if (store.replace(NAME, current, rotated)) {
                load(rotated);
                return;
            }
            if (attempt == 5) throw new IllegalStateException("key rotation failed: the data keyset kept changing meanwhile");
        }
    }

    private static KeysetHandle withNewPrimary(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                            .withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("key rotation failed", e);
        }
    }

    /** Number of keys in the data keyset (1 + rotations). */
    public int keyCount() {
        return keyset.size();
    }

    private synchronized void load(String wrapped) {
        try {
            KeysetHandle handle = TinkJsonProtoKeysetFormat.parseEncryptedKeyset(wrapped, masterKey.aead(), WRAP_CONTEXT);
            this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.keyset = handle;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap the data keyset: is CLOAK_MASTER_KEY the key this database was created with?", e);
        }
    }

    private String wrap(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(handle, masterKey.aead(), WRAP_CONTEXT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] ad(String context) {
        return context.getBytes(StandardCharsets.UTF_8);
    }
}
