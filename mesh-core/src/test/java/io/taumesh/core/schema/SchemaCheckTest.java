package io.taumesh.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Checking documents against the published schemas")
class SchemaCheckTest {

    private final SchemaCheck config = SchemaCheck.of("supervision-config.schema.json");
    private final SchemaCheck dashboardCase = SchemaCheck.of("dashboard-fixture.schema.json", "/$defs/case");

    private static JsonObject verticle() {
        return new JsonObject().put("id", "a").put("kind", "verticle").put("target", "x.Y");
    }

    private static JsonObject withChild(JsonObject child) {
        return new JsonObject().put("schema_version", 1).put("children", new JsonArray().add(child));
    }

    private FieldError first(SchemaCheck schema, Object json) {
        return schema.firstProblem(json).orElseThrow(() -> new AssertionError("no problem with " + json));
    }

    @Test
    @DisplayName("a valid document has no problem")
    void valid() {
        assertThat(config.problems(withChild(verticle()))).isEmpty();
        assertThat(config.problems(new JsonObject().put("schema_version", 1).put("children", new JsonArray())))
                .isEmpty();
    }

    @Test
    @DisplayName("a location becomes a field path, and the reason says what the field must be")
    void fieldPaths() {
        FieldError capacity = first(config, withChild(verticle().put("budget", new JsonObject().put("capacity", 0))));
        assertThat(capacity.field()).isEqualTo("children[0].budget.capacity");
        assertThat(capacity.reason()).isEqualTo("must be an integer from 1 to 1000, got 0");
        FieldError restart = first(config, withChild(verticle().put("restart", "often")));
        assertThat(restart.field()).isEqualTo("children[0].restart");
        assertThat(restart.reason()).isEqualTo("must be permanent, transient or temporary, got \"often\"");
        assertThat(first(config, new JsonObject().put("schema_version", 1).put("children", "x"))
                        .asFieldPath())
                .isEqualTo("field_path=\"children\": must be an array, got \"x\"");
    }

    @Test
    @DisplayName("a missing field is named itself, not its object; so is an unknown one")
    void missingAndUnknown() {
        FieldError target =
                first(config, withChild(new JsonObject().put("id", "a").put("kind", "verticle")));
        assertThat(target.field()).isEqualTo("children[0].target");
        assertThat(target.reason()).isEqualTo("is required when kind is verticle");
        assertThat(first(config, new JsonObject().put("schema_version", 1)).field())
                .isEqualTo("children");
        FieldError unknown = first(config, withChild(verticle().put("budget", new JsonObject().put("size", 1))));
        assertThat(unknown.field()).isEqualTo("children[0].budget.size");
        assertThat(unknown.reason()).isEqualTo("unknown field (known: by_class, capacity, refill_period_ms)");
    }

    @Test
    @DisplayName("a field given where it is not allowed is named, and so is the second of two alternatives")
    void excludedAndAlternatives() {
        FieldError command = first(config, withChild(verticle().put("command", new JsonArray().add("sleep"))));
        assertThat(command.field()).isEqualTo("children[0].command");
        assertThat(command.reason()).isEqualTo("is not allowed when kind is verticle");
        JsonObject c = new JsonObject().put("case_id", "c-1").put("channel_id", "ops");
        assertThat(first(dashboardCase, c).asFieldPath())
                .isEqualTo("field_path=\"widget\": is required (one of widget, action)");
        c.put("widget", new JsonObject().put("id", "w").put("kind", "status").put("data", new JsonObject()))
                .put("action", new JsonObject().put("target", "gateway").put("action", "pause"));
        assertThat(first(dashboardCase, c).asFieldPath())
                .isEqualTo("field_path=\"action\": cannot go with widget (one of widget, action)");
        assertThat(first(dashboardCase, "ops").field()).isEqualTo("$");
    }

    @Test
    @DisplayName("a bad item of an array of plain values names the array")
    void arrayOfValues() {
        JsonObject process = new JsonObject()
                .put("id", "p")
                .put("kind", "process")
                .put("command", new JsonArray().add("sleep").add(""));
        FieldError command = first(config, withChild(process));
        assertThat(command.field()).isEqualTo("children[0].command");
        assertThat(command.reason()).isEqualTo("must be a non-empty array of non-empty strings");
        assertThat(first(config, new JsonObject().put("schema_version", 1).put("children", new JsonArray().add(3)))
                        .field())
                .isEqualTo("children[0]");
    }

    @Test
    @DisplayName("the first problem: an unknown field before the others of its object, then the schema's order")
    void order() {
        JsonObject child = new JsonObject().put("kind", "thread").put("colour", "red");
        List<String> fields = config.problems(withChild(child)).stream()
                .map(p -> p.error().field())
                .toList();
        assertThat(fields).startsWith("children[0].colour", "children[0].id", "children[0].kind");
        JsonObject second = new JsonObject()
                .put("schema_version", 1)
                .put("children", new JsonArray().add(verticle()).add(verticle().put("restart", 1)));
        assertThat(first(config, second).field()).isEqualTo("children[1].restart");
    }

    @Test
    @DisplayName("a declared field whose value is refused is reported for its value, never as unknown")
    void refusedValueIsNotUnknown() {
        JsonObject backoff = new JsonObject().put("initial_ms", 1).put("jitter", 2);
        List<SchemaProblem> problems = config.problems(withChild(verticle().put("backoff", backoff)));
        assertThat(problems).extracting(p -> p.error().field()).containsOnly("children[0].backoff.jitter");
        assertThat(problems.get(0).error().reason()).isEqualTo("must be a number from 0 to 1, got 2");
        assertThat(problems.get(0).location()).containsExactly("children", 0, "backoff", "jitter");
    }

    @Test
    @DisplayName("a part of a schema checks a document of its own, and the defaults fill in what is left out")
    void partsAndDefaults() {
        SchemaCheck child = SchemaCheck.of("supervision-config.schema.json", "/$defs/child");
        assertThat(first(child, verticle().put("critical", "yes")).asFieldPath())
                .isEqualTo("field_path=\"critical\": must be true or false, got \"yes\"");
        JsonObject given = withChild(verticle());
        JsonObject filled = config.withDefaults(given);
        assertThat(given).isEqualTo(withChild(verticle()));
        assertThat(filled.getJsonObject("supervisor").getInteger("control_loop_interval_ms"))
                .isEqualTo(100);
        JsonObject filledChild = filled.getJsonArray("children").getJsonObject(0);
        assertThat(filledChild.getJsonObject("budget").getInteger("capacity")).isEqualTo(5);
        assertThat(filledChild.getJsonObject("backoff").getDouble("jitter")).isEqualTo(0.1);
        assertThat(filledChild.getString("restart")).isEqualTo("permanent");
        assertThat(filledChild.containsKey("config")).isFalse();
        assertThat(filledChild.containsKey("log")).isFalse();
    }
}
