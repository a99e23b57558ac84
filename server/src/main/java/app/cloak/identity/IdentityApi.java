package app.cloak.identity;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** What other modules may ask of identity. */
public interface IdentityApi {
    Optional<UserProfile> profile(String userId);

    /** The subset of {@code userIds} that are real users. */
    Set<String> existing(Collection<String> userIds);

    /** True if {@code blocker} has blocked {@code blocked}. */
    boolean hasBlocked(String blocker, String blocked);
}
