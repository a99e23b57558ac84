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

    /**
     * A public key given either raw (the 65-byte point web-push tools print) or as X.509 (the first line of the
     * {@code vapid.keys} file a node generates), so that either can be passed to the other nodes of a cluster.
     */
    static ECPublicKey publicKeyRawOrX509(byte[] bytes) throws GeneralSecurityException {
        if (bytes.length == 65) return publicKey(bytes);
        var key = KeyFactory.getInstance("EC").generatePublic(new java.security.spec.X509EncodedKeySpec(bytes));
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) throw new GeneralSecurityException("not a P-256 public key");
        return ec;
    }

    /** A private key given either raw (the 32-byte scalar) or as PKCS#8 (the second line of {@code vapid.keys}). */
    static ECPrivateKey privateKeyRawOrPkcs8(byte[] bytes) throws GeneralSecurityException {
        if (bytes.length == 32) return privateKey(bytes);
        var key = KeyFactory.getInstance("EC").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(bytes));
        if (!(key instanceof ECPrivateKey ec) || !isP256(ec.getParams())) throw new GeneralSecurityException("not a P-256 private key");
        return ec;
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getCurve().equals(P256.getCurve()) && params.getGenerator().equals(P256.getGenerator())
                && params.getOrder().equals(P256.getOrder());
    }

    /** Whether the two keys are one pair: a signature made with the private key verifies with the public one. */
    static boolean pair(ECPublicKey publicKey, ECPrivateKey privateKey) throws GeneralSecurityException {
        byte[] probe = "cloak vapid pair".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var signer = java.security.Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey);
        signer.update(probe);
        byte[] signature = signer.sign();
        var verifier = java.security.Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(publicKey);
        verifier.update(probe);
        return verifier.verify(signature);
    }

    static ECPrivateKey privateKey(byte[] scalar) throws GeneralSecurityException {
        if (scalar.length != 32) throw new GeneralSecurityException("not a 32-byte P-256 scalar");
        return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), P256));
    }
}
