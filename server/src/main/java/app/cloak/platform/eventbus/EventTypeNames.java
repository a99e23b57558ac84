package app.cloak.platform.eventbus;

/** {@link DomainEventBus#typeName}, checked once per class: every publish asks (one per send on the send writer). */
final class EventTypeNames {
    static final ClassValue<String> NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            String name = type.getSimpleName();
            if (!name.matches("[A-Za-z0-9_-]{1,100}")) throw new IllegalArgumentException("Unsuitable durable event type name: " + name);
            return name;
        }
    };

    private EventTypeNames() {}
}
