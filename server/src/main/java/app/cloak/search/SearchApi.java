package app.cloak.search;

import java.util.Collection;

/** What other modules may ask of search. */
public interface SearchApi {
    /**
     * Drops these messages from the index (e.g. disappearing messages being purged). Unknown ids are
     * ignored. Runs in the caller's transaction when there is one.
     */
    void remove(Collection<String> messageIds);
}
