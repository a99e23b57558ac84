package app.cloak.platform.crypto;

import app.cloak.shared.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
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
            Mac prototype = prototypes.get(purpose);
            if (prototype == null) prototype = keyed(purpose);
            return ((Mac) prototype.clone()).doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates the purpose's secret now if there is none yet (outside any transaction: at start-up), so that later
     * uses only read it. Code that hashes on threads without a transaction while another transaction holds the
     * database (an import's search tokens, computed on every core) calls this once beforehand.
     */
    public void ensure(String purpose) {
        mac(purpose, "");
    }

    /**
     * The keyed prototype for {@code purpose}, kept for later calls once its secret is known to be committed: a
     * secret read or created inside the caller's transaction is kept only after that transaction commits, so a rollback
     * cannot leave this node hashing with a secret the database never kept (the next node, or this one after a
     * restart, would make another, and every hash made with the first would stop matching).
     */
    private Mac keyed(String purpose) {
        String name = "hmac:" + purpose;
        byte[] ad = name.getBytes(StandardCharsets.UTF_8);
        String wrapped = store.find(name).orElse(null);
        if (wrapped == null) {
            try {
                wrapped = store.putIfAbsent(name, Base64.getEncoder().encodeToString(masterKey.aead().encrypt(Ids.randomBytes(32), ad)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        Mac mac;
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey.aead().decrypt(Base64.getDecoder().decode(wrapped), ad), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot unwrap secret " + name, e);
        }
        // Inside a transaction the row read may be this transaction's own, uncommitted insert: keep it once committed.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            Mac committed = mac;
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    prototypes.putIfAbsent(purpose, committed);
                }
            });
            return mac;
        }
        Mac known = prototypes.putIfAbsent(purpose, mac);
        return known != null ? known : mac;
    }
}
