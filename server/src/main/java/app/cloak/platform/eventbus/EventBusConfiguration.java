package app.cloak.platform.eventbus;

import app.cloak.platform.eventbus.durable.Outbox;
import app.cloak.platform.eventbus.durable.RelayTiming;
import app.cloak.platform.eventbus.memory.InMemorySignalBus;
import app.cloak.platform.eventbus.memory.InProcessDomainEventBus;
import app.cloak.platform.eventbus.nats.EventStream;
import app.cloak.platform.eventbus.nats.JetStreamDomainEventBus;
import app.cloak.platform.eventbus.nats.NatsConnections;
import app.cloak.platform.eventbus.nats.NatsSignalBus;
import app.cloak.platform.persistence.Dialect;
import io.nats.client.Connection;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;

/** Chooses the bus adapters: in-process by default; NATS when {@code CLOAK_NATS_URL} is set. */
@Configuration(proxyBeanMethods = false)
class EventBusConfiguration {

    @Bean
    DurableEventRecorder durableEventRecorder(DomainEventBus bus) {
        return new DurableEventRecorder(bus);
    }

    /** Outbox timestamps are relay timing, not business time: always the system clock. */
    static Outbox outbox(JdbcClient jdbc, Dialect dialect) {
        return new Outbox(jdbc, dialect, Clock.systemUTC());
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NatsConfigured.class)
    static class Nats {
        @Bean(destroyMethod = "close")
        Connection natsConnection(NatsSettings settings) {
            return NatsConnections.connect(settings, "cloak");
        }

        @Bean(destroyMethod = "close")
        SignalBus natsSignalBus(Connection connection, NatsSettings settings) {
            return new NatsSignalBus(connection, settings.namespace());
        }

        @Bean
        DomainEventBus jetStreamDomainEventBus(Connection connection, NatsSettings settings, JdbcClient jdbc, Dialect dialect,
                                               PlatformTransactionManager transactions) {
            return new JetStreamDomainEventBus(connection, EventStream.of(settings),
                    outbox(jdbc, dialect), transactions, RelayTiming.DEFAULT);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(NatsNotConfigured.class)
    static class InProcess {
        @Bean
        SignalBus inMemorySignalBus() {
            return new InMemorySignalBus();
        }

        @Bean
        DomainEventBus inProcessDomainEventBus(JdbcClient jdbc, Dialect dialect, PlatformTransactionManager transactions) {
            return new InProcessDomainEventBus(outbox(jdbc, dialect), transactions, RelayTiming.DEFAULT);
        }
    }

    static class NatsConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("cloak.nats.url"));
        }
    }

    static final class NatsNotConfigured extends NatsConfigured {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
