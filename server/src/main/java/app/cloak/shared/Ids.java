package app.cloak.shared;

import java.security.SecureRandom;
import java.util.Base64;

/** Opaque, unguessable ids with a short prefix that says what they name ("u_", "c_", "m_"). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    public static String newId(String prefix) {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return prefix + "_" + ENCODER.encodeToString(bytes);
    }

    /**
     * Ids for many rows made together (the messages of an imported export): as long and of the same alphabet as
     * {@link #newId}, but each starts with a random part shared by the batch (72 bits) followed by a counter that
     * sorts in the order the ids are taken, then 24 random bits of its own. A batch's ids then sit side by side in
     * every index keyed by them, so inserting tens of thousands of them touches a few index pages instead of one
     * random page each. Without one of the batch's ids they are as unguessable as any; knowing one, a neighbour
     * still takes about 2^30 guesses (the 24 random bits, and a counter step of 1 to 64). The counter starts at a
     * random value and steps by a random amount, so an id does not tell how many were taken before it in its batch,
     * and two ids tell only roughly how many were taken between them (a step is 32 on average). What two ids of one
     * batch do tell is that they were made together. Not thread-safe: one per batch.
     */
    public static Batch batch(String prefix) {
        return new Batch(prefix);
    }

    public static final class Batch {
        /** The base64url alphabet in ASCII order, so the counter's characters sort as its value. */
        private static final String SORTED = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
        private static final int PER_HEAD = 1 << 24; // four counter characters
        private final String prefix;
        private String head;
        private int n = PER_HEAD;
        private final byte[] random = new byte[4 * 512];   // per id: one byte of step, three of its own bits
        private int used = random.length;

        private Batch(String prefix) {
            this.prefix = prefix;
        }

        public String next() {
            if (n >= PER_HEAD) {
                head = prefix + "_" + ENCODER.encodeToString(randomBytes(9));
                n = RANDOM.nextInt(PER_HEAD / 2);                    // a random start: the counter is no position
            }
            if (used == random.length) {
                RANDOM.nextBytes(random);
                used = 0;
            }
            StringBuilder id = new StringBuilder(head.length() + 8).append(head);
            int v = n;
            n += 1 + (random[used++] & 63);                          // a random step: nor is the gap a count
            for (int shift = 18; shift >= 0; shift -= 6) id.append(SORTED.charAt((v >>> shift) & 63));
            int r = (random[used] & 0xFF) << 16 | (random[used + 1] & 0xFF) << 8 | (random[used + 2] & 0xFF);
            used += 3;
            for (int shift = 18; shift >= 0; shift -= 6) id.append(SORTED.charAt((r >>> shift) & 63));
            return id.toString();
        }
    }

    public static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String randomToken(int bytes) {
        return ENCODER.encodeToString(randomBytes(bytes));
    }
}
