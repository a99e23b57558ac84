package app.cloak.platform.crypto;

import app.cloak.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic keyed hashes (HMAC-SHA256) for values we must find by equality without storing
 * them: blind search tokens, phone numbers, OTP codes, refresh tokens. One secret per purpose,
 * generated once and stored wrapped by the master key.
 */
public final class KeyedHashes {
    private final KeyMaterialStore store;
    private final MasterKey masterKey;
    private final ConcurrentMap<String, byte[]> secrets = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Mac> prototypes = new ConcurrentHashMap<>();

    KeyedHashes(KeyMaterialStore store, MasterKey masterKey) {
        this.store = store;
        this.masterKey = masterKey;
    }

    /** Hex HMAC of {@code value} under the secret for {@code purpose}, truncated to {@code bytes}. */
    public String hex(String purpose, String value, int bytes) {
        byte[] mac = mac(purpose, value);
        return HexFormat.of().formatHex(mac, 0, Math.min(bytes, mac.length));
    }

    public byte[] mac(String purpose, String value) {
        try {
            // A keyed prototype per purpose, cloned per call: getInstance + init for every search token of a
            // 45,000-message import cost more than the hashing itself.
            Mac mac = (Mac) prototypes.computeIfAbsent(purpose, this::keyed).clone();
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Mac keyed(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(purpose), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] secret(String purpose) {
        return secrets.computeIfAbsent(purpose, p -> {
            String name = "hmac:" + p;
            byte[] ad = name.getBytes(StandardCharsets.UTF_8);
            String wrapped = store.find(name).orElseGet(() -> {
                try {
                    return store.putIfAbsent(name, Base64.getEncoder().encodeToString(
                            masterKey.aead().encrypt(Ids.randomBytes(32), ad)));
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                return masterKey.aead().decrypt(Base64.getDecoder().decode(wrapped), ad);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Cannot unwrap secret " + name, e);
            }
        });
    }
}
