package app.cloak.identity;

/** What any signed-in user may see of another. */
public record UserProfile(String userId, String displayName, String about, String avatarUrl) {}
