package app.cloak.push.internal;

import app.cloak.platform.CloakSettings;
import app.cloak.platform.crypto.SecretFiles;
import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * The server's VAPID key pair (RFC 8292): from {@code CLOAK_PUSH_VAPID_*}, or generated once into
 * {@code <dataDir>/secrets/vapid.keys} (0600; X.509 public and PKCS#8 private key, base64, one per line). The settings
 * take either form, so a cluster's nodes can be given the two lines of the file the first node generated.
 */
@Component
class Vapid {
    private final VapidKeys keys;
    private final WebPush webPush;

    Vapid(PushSettings settings, CloakSettings cloak) {
        if (settings.vapidPublicKey() != null && !settings.vapidPublicKey().isBlank()) {
            if (settings.vapidPrivateKey() == null || settings.vapidPrivateKey().isBlank()) {
                throw new IllegalStateException("CLOAK_PUSH_VAPID_PUBLIC_KEY is set: CLOAK_PUSH_VAPID_PRIVATE_KEY is needed too");
            }
            try {
                var publicKey = EcKeys.publicKeyRawOrX509(EcKeys.base64Url(settings.vapidPublicKey()));
                var privateKey = EcKeys.privateKeyRawOrPkcs8(EcKeys.base64Url(settings.vapidPrivateKey()));
                if (!EcKeys.pair(publicKey, privateKey)) {
                    throw new IllegalStateException("CLOAK_PUSH_VAPID_PUBLIC_KEY and CLOAK_PUSH_VAPID_PRIVATE_KEY are not one key pair");
                }
                keys = new VapidKeys(publicKey, privateKey);
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("CLOAK_PUSH_VAPID_PUBLIC_KEY/PRIVATE_KEY: a P-256 key pair expected, base64 or base64url: "
                        + "the point and scalar web-push tools print, or the two lines of a node's secrets/vapid.keys", e);
            }
        } else {
            String stored = SecretFiles.readOrCreate(cloak.dataDir().resolve("secrets/vapid.keys"), () -> {
                VapidKeys fresh = VapidKeys.generate();
                return fresh.getX509PublicKey() + "\n" + fresh.getPkcs8PrivateKey();
            });
            String[] lines = stored.split("\\R");
            keys = VapidKeys.create(lines[0].strip(), lines[1].strip());
        }
        webPush = new WebPush(settings.subject(), keys);
    }

    /** The application server key browsers pass to {@code pushManager.subscribe}: base64url, no padding. */
    String publicKey() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getApplicationServerKey());
    }

    WebPush webPush() {
        return webPush;
    }
}
