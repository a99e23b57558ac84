package app.cloak.search.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Search ({@code cloak.search.*}).
 *
 * @param language {@code CLOAK_SEARCH_LANGUAGE}: the Snowball stemmer applied to message text and queries,
 *                 lower case ({@code english}, {@code german}, {@code french}, {@code spanish}, {@code porter}, …
 *                 or {@code none} for no stemming). Default {@code english}. Changing it on a node with an
 *                 existing index makes old messages findable only by words whose stem did not change,
 *                 until they are re-indexed.
 */
@ConfigurationProperties("cloak.search")
public record SearchSettings(String language) {
    public SearchSettings {
        if (language == null || language.isBlank()) language = "english";
    }
}
