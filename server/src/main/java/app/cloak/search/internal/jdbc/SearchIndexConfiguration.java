package app.cloak.search.internal.jdbc;

import app.cloak.platform.persistence.Dialect;
import app.cloak.search.internal.SearchIndex;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The index adapter for the node's database engine. */
@Configuration(proxyBeanMethods = false)
public class SearchIndexConfiguration {

    @Bean
    SearchIndex searchIndex(Dialect dialect, JdbcClient jdbc) {
        return of(dialect, jdbc);
    }

    /** For tests and the benchmark runner, which build the index without a Spring context. */
    public static SearchIndex of(Dialect dialect, JdbcClient jdbc) {
        return switch (dialect) {
            case SQLITE -> new Fts5SearchIndex(jdbc);
            case POSTGRES -> new PostingsSearchIndex(jdbc);
        };
    }
}
