package app.cloak.archives.internal;

import app.cloak.archives.internal.parse.ParsedMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The id a parsed message is stored under, the same in every export of the chat that contains it: a hash of
 * (wall-clock time, author key, kind, text) plus how many identical messages came before it in this file. Nothing
 * here depends on the order of timestamps (exports are often out of order), only on the order of identical
 * messages, which every export of the chat writes the same way. Two "ok" sent in the same minute stay two.
 */
final class DedupeKeys {
    private final Map<String, Integer> seen = new HashMap<>();
    private final MessageDigest sha;

    DedupeKeys() {
        sha = sha256();
    }

    String next(ParsedMessage m) {
        return next(hash(m, sha));
    }

    /** The key of the message whose {@link #hash} this is, counting identical ones in the order they are given. */
    String next(String hash) {
        int occurrence = seen.merge(hash, 1, Integer::sum);
        return "wa:" + hash + "#" + occurrence;
    }

    /** The content part of the key; independent of other messages, so it may be computed on any thread. */
    static String hash(ParsedMessage m, MessageDigest sha) {
        String author = m.authorKey() == null ? "" : m.authorKey();
        String material = m.timestamp() + "\u0000" + author + "\u0000" + m.kind() + "\u0000" + m.text();
        byte[] digest = sha.digest(material.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 18));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
