package app.cloak.platform.eventbus;

import app.cloak.platform.eventbus.memory.InMemorySignalBus;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses the bus adapters: in-process by default; NATS when {@code CLOAK_NATS_URL} is set. */
@Configuration(proxyBeanMethods = false)
class EventBusConfiguration {
    @Bean
    @ConditionalOnMissingBean(SignalBus.class)
    SignalBus inMemorySignalBus() {
        return new InMemorySignalBus();
    }
}
