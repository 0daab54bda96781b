package io.taumesh.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Message records as JSON")
class MeshJsonTest {

    private static ServiceStatus sample() {
        return new ServiceStatus(
                MeshMessage.SCHEMA_VERSION,
                "gateway",
                "node-1",
                "127.0.0.1:5701",
                "running",
                "2026-01-01T00:00:00Z",
                12,
                Map.of("stage", "skeleton"));
    }

    @Test
    @DisplayName("writes snake_case fields with schema_version")
    void snakeCase() {
        JsonObject json = MeshJson.toJson(sample());
        assertThat(json.getInteger("schema_version")).isEqualTo(1);
        assertThat(json.getString("node_id")).isEqualTo("node-1");
        assertThat(json.getLong("uptime_secs")).isEqualTo(12L);
        assertThat(json.getString("started_at")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(json.fieldNames()).noneMatch(name -> name.chars().anyMatch(Character::isUpperCase));
    }

    @Test
    @DisplayName("reads back what it wrote")
    void roundTrip() {
        assertThat(MeshJson.fromJson(MeshJson.toJson(sample()), ServiceStatus.class))
                .isEqualTo(sample());
    }

    @Test
    @DisplayName("writes Vert.x JSON values nested in a message as plain JSON")
    void nestedVertxJson() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("data", new JsonObject().put("value", 3).put("inner", new JsonObject().put("ok", true)));
        detail.put("list", new JsonArray().add(1).add(new JsonObject().put("x", "y")));
        ServiceStatus status = new ServiceStatus(1, "dashboard", "n", "m", "running", "t", 0, detail);
        assertThat(MeshJson.toJsonString(status))
                .contains("\"data\":{\"value\":3,\"inner\":{\"ok\":true}}")
                .contains("\"list\":[1,{\"x\":\"y\"}]")
                .doesNotContain("\"map\"");
    }

    @Test
    @DisplayName("ignores fields it does not know")
    void unknownFields() {
        JsonObject json = MeshJson.toJson(sample()).put("added_later", true);
        assertThat(MeshJson.fromJson(json, ServiceStatus.class).service()).isEqualTo("gateway");
    }

    @Test
    @DisplayName("refuses a missing or unsupported schema_version, naming the field")
    void schemaVersion() {
        JsonObject missing = MeshJson.toJson(sample());
        missing.remove("schema_version");
        assertThatThrownBy(() -> MeshJson.fromJson(missing, ServiceStatus.class))
                .isInstanceOf(FieldError.class)
                .hasMessage("schema_version: is required");
        JsonObject future = MeshJson.toJson(sample()).put("schema_version", 2);
        assertThatThrownBy(() -> MeshJson.fromJson(future, ServiceStatus.class))
                .isInstanceOf(FieldError.class)
                .hasMessageStartingWith("schema_version: unsupported value 2");
        JsonObject text = MeshJson.toJson(sample()).put("schema_version", "1");
        assertThatThrownBy(() -> MeshJson.fromJson(text, ServiceStatus.class))
                .hasMessageStartingWith("schema_version: unsupported value 1");
    }

    @Test
    @DisplayName("names the field whose value has the wrong type")
    void badField() {
        JsonObject json = MeshJson.toJson(sample()).put("uptime_secs", "soon");
        assertThatThrownBy(() -> MeshJson.fromJson(json, ServiceStatus.class))
                .isInstanceOfSatisfying(
                        FieldError.class, e -> assertThat(e.field()).isEqualTo("uptime_secs"))
                .hasMessageContaining("soon");
    }
}
