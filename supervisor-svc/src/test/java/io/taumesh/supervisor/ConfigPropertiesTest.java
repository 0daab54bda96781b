package io.taumesh.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Generated supervision configs: each is a config, or a FieldError naming where it went wrong; never another exception. */
@Label("Supervision config properties")
class ConfigPropertiesTest {

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.of("verticle", "process", "permanent", "transient", "worker", "gw", "../x")
                        .map(s -> (Object) s),
                Arbitraries.integers().between(-10, 1_000_000).map(i -> (Object) i),
                Arbitraries.doubles().between(-1, 3).map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(new JsonArray().add("bash").add("-c").add("true"))
                        .map(a -> (Object) a),
                Arbitraries.just(new JsonObject().put("initial_ms", 10).put("max_ms", 5))
                        .map(o -> (Object) o));
    }

    @Provide
    Arbitrary<JsonObject> children() {
        Arbitrary<String> names = Arbitraries.of(
                "id",
                "kind",
                "target",
                "command",
                "restart",
                "budget",
                "backoff",
                "critical",
                "threading",
                "shutdown_timeout_ms",
                "config",
                "log",
                "bogus");
        return Combinators.combine(names.list().ofMaxSize(8), values().list().ofMaxSize(8))
                .as((k, v) -> {
                    JsonObject child = new JsonObject();
                    for (int i = 0; i < Math.min(k.size(), v.size()); i++) {
                        child.put(k.get(i), v.get(i));
                    }
                    return child;
                });
    }

    @Property(tries = 1000)
    @Label("any children: a config, or a FieldError under children[i] or a top-level field")
    void parsesOrNames(@ForAll("childLists") List<JsonObject> children, @ForAll("values") Object version) {
        JsonObject root = new JsonObject()
                .put("schema_version", version instanceof Integer ? 1 : version)
                .put("children", new JsonArray(List.copyOf(children)));
        try {
            SupervisionConfig config = SupervisionConfig.parse(root, Path.of("."));
            assertThat(config.children()).hasSize(children.size());
        } catch (FieldError e) {
            assertThat(e.field()).matches("schema_version|children(\\[\\d+\\].*)?|\\$");
        }
    }

    @Provide
    Arbitrary<List<JsonObject>> childLists() {
        return children().list().ofMaxSize(4);
    }
}
