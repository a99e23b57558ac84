package app.cloak.media;

/** An attachment as one viewer sees it: {@code url} is signed for that viewer and expires;
 * null once a view-once recipient has opened it. */
public record MediaRef(String mediaId, String mime, long size, String url) {}
