package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.testing.PublishedSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The published supervision-config schema (docs/schemas) agrees with the parser the supervisor runs. */
@DisplayName("Supervision config schema")
class SupervisionConfigSchemaTest {

    private final PublishedSchema schema = PublishedSchema.named("supervision-config.schema.json");

    private static JsonObject config(JsonObject child) {
        return new JsonObject().put("schema_version", 1).put("children", new JsonArray().add(child));
    }

    @Test
    @DisplayName("takes the example config, and refuses each bad config within the field the parser names")
    void agreesWithTheParser() {
        JsonObject example = PublishedSchema.read(
                PublishedSchema.DIR.getParent().getParent().resolve("fixtures/supervisor/mesh.json"));
        assertThat(schema.problems(example)).isEmpty();
        SupervisionConfig.parse(example, Path.of("/tmp"));

        JsonObject verticle =
                new JsonObject().put("id", "a").put("kind", "verticle").put("target", "x.Y");
        List<JsonObject> bad = List.of(
                config(verticle.copy().put("restart", "often")),
                config(verticle.copy().put("budget", new JsonObject().put("capacity", 0))),
                config(verticle.copy().put("kind", "thread")),
                config(verticle.copy().put("colour", "red")),
                config(verticle.copy().put("command", new JsonArray().add("sleep"))),
                config(new JsonObject().put("id", "A!").put("kind", "verticle").put("target", "x.Y")),
                config(new JsonObject().put("id", "p").put("kind", "process")),
                config(verticle.copy().put("backoff", new JsonObject().put("jitter", 2))),
                new JsonObject().put("schema_version", 2).put("children", new JsonArray()));
        for (JsonObject root : bad) {
            FieldError parsed =
                    catchThrowableOfType(FieldError.class, () -> SupervisionConfig.parse(root, Path.of("/tmp")));
            assertThat(parsed).as("the parser refuses " + root).isNotNull();
            List<String> problems = schema.problems(root);
            String expected = PublishedSchema.pointer(parsed.field());
            assertThat(problems)
                    .as(root + ": the parser names " + parsed.field())
                    .anySatisfy(p -> assertThat(
                                    expected.equals(p) || expected.startsWith(p + "/") || p.startsWith(expected))
                            .isTrue());
        }
    }
}
