package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The config bound to records once its schema has passed it: the schema's defaults, and what the schema cannot say. */
@DisplayName("Supervision config binding")
class SupervisionConfigBindingTest {

    private static JsonObject config(JsonObject... children) {
        return new JsonObject().put("schema_version", 1).put("children", new JsonArray(List.of((Object[]) children)));
    }

    private static String refused(JsonObject root) {
        try {
            SupervisionConfig.parse(root, Path.of("/etc/sup"));
        } catch (FieldError e) {
            return e.field();
        }
        throw new AssertionError("accepted: " + root);
    }

    @Test
    @DisplayName("what a child leaves out takes the schema's defaults")
    void defaults() {
        ChildSpec spec = SupervisionConfig.parse(
                        config(new JsonObject()
                                .put("id", "a")
                                .put("kind", "verticle")
                                .put("target", "x.Y")),
                        Path.of("/etc/sup"))
                .children()
                .get(0);
        assertThat(spec)
                .isEqualTo(new ChildSpec(
                        "a",
                        new ChildSpec.Launch(ChildKind.VERTICLE, "x.Y", List.of(), null),
                        new JsonObject(),
                        ChildThreading.EVENT_LOOP,
                        RestartPolicy.PERMANENT,
                        new ChildSpec.Budget(5, 60_000),
                        new ChildSpec.Backoff(100, 5_000, 0.1),
                        false,
                        5_000));
    }

    @Test
    @DisplayName("a process child's log is resolved against the config's directory, or kept as given at run time")
    void logs() {
        JsonObject process = new JsonObject()
                .put("id", "p")
                .put("kind", "process")
                .put("command", new JsonArray().add("sleep").add("1"))
                .put("threading", "worker");
        SupervisionConfig parsed = SupervisionConfig.parse(
                config(process.copy(), process.copy().put("id", "q").put("log", "out/q.log")), Path.of("/etc/sup"));
        assertThat(parsed.children())
                .extracting(c -> c.launch().log())
                .containsExactly(Path.of("/etc/sup/logs/p.log"), Path.of("/etc/sup/out/q.log"));
        assertThat(parsed.children().get(0).threading()).isEqualTo(ChildThreading.WORKER);
        assertThat(SupervisionConfig.child(process, "spec", null).launch().log())
                .isEqualTo(Path.of("logs/p.log"));
    }

    @Test
    @DisplayName("what the schema cannot say is checked after it; a child added at run time is named under spec")
    void beyondTheSchema() {
        JsonObject verticle =
                new JsonObject().put("id", "a").put("kind", "verticle").put("target", "x.Y");
        assertThat(refused(config(verticle.copy().put("id", "gw\n")))).isEqualTo("children[0].id");
        assertThat(refused(config(verticle.copy().put("target", "   ")))).isEqualTo("children[0].target");
        assertThat(refused(config(verticle.copy(), verticle.copy()))).isEqualTo("children[1].id");
        assertThatThrownBy(() -> SupervisionConfig.child(verticle.copy().put("critical", 1), "spec", null))
                .isInstanceOfSatisfying(
                        FieldError.class, e -> assertThat(e.field()).isEqualTo("spec.critical"));
        assertThat(verticle.fieldNames()).containsExactly("id", "kind", "target");
    }
}
