package app.cloak.platform.web;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A client that sends {@code Expect: 100-continue} is told to go on only when a handler starts reading the body
 * (Tomcat's {@code continueResponseTiming=onRead}), not at once: a request refused from its headers alone (413 for a
 * declared length over a limit, 404 for an unknown webhook) gets its answer before a byte of a large body is sent.
 */
@Configuration(proxyBeanMethods = false)
class ContinueOnRead {
    @Bean
    TomcatConnectorCustomizer continueResponseOnRead() {
        return connector -> connector.setProperty("continueResponseTiming", "onRead");
    }
}
