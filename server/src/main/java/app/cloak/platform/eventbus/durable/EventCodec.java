package app.cloak.platform.eventbus.durable;

import app.cloak.shared.DurableEvent;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Durable events as JSON, straight from the event record. Unknown fields are ignored when reading, so
 * an older node can still read an event a newer node published with an added field.
 */
public final class EventCodec {
    private final JsonMapper json = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public String encode(DurableEvent event) {
        return json.writeValueAsString(event);
    }

    public <E extends DurableEvent> E decode(String payload, Class<E> type) {
        return json.readValue(payload, type);
    }
}
