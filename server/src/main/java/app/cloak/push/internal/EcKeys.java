package app.cloak.push.internal;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/** P-256 keys in the raw forms Web Push uses: an uncompressed point (65 bytes) and a 32-byte scalar. */
final class EcKeys {
    private static final ECParameterSpec P256;

    static {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            P256 = ((ECPublicKey) g.generateKeyPair().getPublic()).getParams();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EcKeys() {}

    static byte[] base64Url(String s) {
        return Base64.getUrlDecoder().decode(s.strip().replace('+', '-').replace('/', '_').replace("=", ""));
    }

    /** The point, checked to lie on P-256 (KeyFactory refuses points off the curve). */
    static ECPublicKey publicKey(byte[] uncompressed) throws GeneralSecurityException {
        if (uncompressed.length != 65 || uncompressed[0] != 4) throw new GeneralSecurityException("not an uncompressed P-256 point");
        var x = new BigInteger(1, Arrays.copyOfRange(uncompressed, 1, 33));
        var y = new BigInteger(1, Arrays.copyOfRange(uncompressed, 33, 65));
        var p = ((java.security.spec.ECFieldFp) P256.getCurve().getField()).getP();
        var a = P256.getCurve().getA();
        var b = P256.getCurve().getB();
        if (!y.pow(2).mod(p).equals(x.pow(3).add(a.multiply(x)).add(b).mod(p))) throw new GeneralSecurityException("point not on P-256");
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
    }

    static ECPrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        if (scalar.length != 32) throw new GeneralSecurityException("not a 32-byte P-256 scalar");
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
    }
}
