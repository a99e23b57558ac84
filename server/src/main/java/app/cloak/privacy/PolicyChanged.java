package app.cloak.privacy;

/** A user's privacy policy changed (published in the transaction); presence reacts to appearOffline. */
public record PolicyChanged(String userId, PrivacyApi.Policy before, PrivacyApi.Policy after) {}
