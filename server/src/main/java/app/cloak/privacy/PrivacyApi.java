package app.cloak.privacy;

/** What other modules ask of a user's privacy policy. */
public interface PrivacyApi {
    String EVERYONE = "everyone";
    String CONTACTS = "contacts";
    String NOBODY = "nobody";

    /**
     * @param lastSeen who sees online / last seen: {@code everyone} (sharing a chat), {@code contacts}
     *                 (a direct chat), {@code nobody}
     */
    record Policy(boolean cloakByDefault, boolean appearOffline, boolean sendTyping, String lastSeen) {
        public static final Policy DEFAULT = new Policy(false, false, true, EVERYONE);
    }

    Policy policy(String userId);

    /** Whether {@code userId} reads {@code chatId} privately right now. */
    boolean cloaked(String userId, String chatId);

    /**
     * As {@link #cloaked}, for a read about to be recorded in the current transaction: it also holds the
     * user's policy lock until that transaction ends, so a cloak switch cannot slip in between the
     * decision and the write (on any node).
     */
    boolean cloakedForRead(String userId, String chatId);

    /** Whether others may see {@code userId} typing in {@code chatId}. */
    boolean mayShowTyping(String userId, String chatId);

    /**
     * A chat fed from outside (a bridged WhatsApp conversation) starts cloaked for its owner: sets the chat's
     * override to cloaked unless the user already chose one for it. Audited as a cloak change.
     */
    void cloakNewChat(String userId, String chatId);

    /**
     * Writes one outgoing bridge call (a read receipt or a reply sent through the Graph API, or its failure) to the
     * user's audit log, as action {@code bridge.call}; {@code detail} names the call, its outcome and error code.
     */
    void auditBridgeCall(String userId, String chatId, java.util.Map<String, ?> detail);
}
