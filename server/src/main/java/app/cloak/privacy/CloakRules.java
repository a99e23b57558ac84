package app.cloak.privacy;

/**
 * The rules of private reading as pure functions over one member's read state in one chat. The
 * public watermark is what everyone else sees; the private one is what the member's own devices agree
 * they have read. Both only ever move forward.
 */
public final class CloakRules {
    private CloakRules() {}

    /** One member's read state in one chat. {@code publicRead <= privateRead} always holds. */
    public record ReadState(long publicRead, long privateRead) {
        public ReadState {
            if (publicRead < 0 || privateRead < publicRead) throw new IllegalArgumentException("publicRead <= privateRead");
        }

        public static final ReadState NONE = new ReadState(0, 0);

        /** Messages read privately that others do not know about. */
        public long hidden() {
            return privateRead - publicRead;
        }
    }

    /** The per-chat override wins; without one, the user's default applies. */
    public static boolean cloaked(boolean cloakByDefault, Boolean chatOverride) {
        return chatOverride != null ? chatOverride : cloakByDefault;
    }

    /** Reading up to {@code upTo}: cloaked, only the private watermark moves; otherwise both do. */
    public static ReadState read(ReadState state, boolean cloaked, long upTo) {
        long privateRead = Math.max(state.privateRead(), upTo);
        long publicRead = cloaked ? state.publicRead() : Math.max(state.publicRead(), upTo);
        return new ReadState(publicRead, privateRead);
    }

    /**
     * Reveal up to {@code upTo} ("mark read up to here": it also counts as read), or, with null,
     * everything read so far. Never moves anything backwards.
     */
    public static ReadState reveal(ReadState state, Long upTo) {
        long target = upTo == null ? state.privateRead() : upTo;
        long privateRead = Math.max(state.privateRead(), target);
        return new ReadState(Math.max(state.publicRead(), target), privateRead);
    }

    /** Turning cloak off for a chat: reveal what was read privately only if asked; by default keep it hidden. */
    public static ReadState turnOff(ReadState state, boolean revealHidden) {
        return revealHidden ? reveal(state, null) : state;
    }

    /** Whether typing may be shown to others. */
    public static boolean mayShowTyping(boolean sendTyping, boolean cloaked) {
        return sendTyping && !cloaked;
    }
}
