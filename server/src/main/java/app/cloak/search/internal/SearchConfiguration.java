package app.cloak.search.internal;

import app.cloak.platform.crypto.KeyedHashes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SearchConfiguration {
    /** 80-bit tokens: collisions across a node's whole vocabulary are negligible, and the index stays small. */
    static final int TOKEN_BYTES = 10;

    @Bean
    TextAnalysis textAnalysis(SearchSettings settings) {
        return new TextAnalysis(settings.language());
    }

    @Bean
    BlindTokens blindTokens(TextAnalysis analysis, KeyedHashes keyedHashes) {
        // At start-up, outside any transaction: an import computes tokens on helper threads while its own
        // transaction holds the database, where creating the secret would have to wait for that very transaction.
        keyedHashes.ensure("search");
        return new BlindTokens(analysis, stem -> keyedHashes.hex("search", stem, TOKEN_BYTES));
    }

    @Bean
    Snippets snippets(TextAnalysis analysis) {
        return new Snippets(analysis);
    }
}
