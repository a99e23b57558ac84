package app.cloak.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.cloak.testing.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

/** The application's JSON mapper converts no scalar into another type. */
class StrictJsonTest extends ApiTestBase {
    record Text(String value) {}
    record Count(int value) {}
    record Flag(boolean value) {}

    @Autowired
    JsonMapper mapper;

    @Test
    void thePropertiesReachTheMapper() {
        assertThat(mapper.isEnabled(MapperFeature.ALLOW_COERCION_OF_SCALARS)).isFalse();
    }

    @Test
    void noScalarBecomesAString() {
        assertThat(mapper.readValue("{\"value\":\"ok\"}", Text.class).value()).isEqualTo("ok");
        assertThatThrownBy(() -> mapper.readValue("{\"value\":123}", Text.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":1.5}", Text.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":true}", Text.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":[\"x\"]}", Text.class)).isInstanceOf(JacksonException.class);
    }

    @Test
    void noStringBecomesANumberOrBoolean() {
        assertThat(mapper.readValue("{\"value\":7}", Count.class).value()).isEqualTo(7);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":\"7\"}", Count.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":null}", Count.class)).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> mapper.readValue("{\"value\":\"true\"}", Flag.class)).isInstanceOf(JacksonException.class);
    }
}
