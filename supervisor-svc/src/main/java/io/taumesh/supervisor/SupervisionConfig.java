package io.taumesh.supervisor;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.schema.SchemaCheck;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The supervision config (docs/supervisor.md): the supervisor's own timings and its children, in start order.
 * It is checked against its published JSON Schema (docs/schemas/supervision-config.schema.json), whose defaults
 * fill in what it leaves out, then bound to records; what the schema cannot say (ids unique, a backoff's max not
 * below its initial delay) is checked here. Every error is a {@link FieldError} naming the field:
 * {@code children[1].budget.capacity}.
 */
public record SupervisionConfig(
        long controlLoopIntervalMs, long starvationThresholdMs, long dashboardLinkTimeoutMs, List<ChildSpec> children) {

    static final String SCHEMA = "supervision-config.schema.json";
    private static final SchemaCheck CONFIG = SchemaCheck.of(SCHEMA);
    private static final SchemaCheck CHILD = SchemaCheck.of(SCHEMA, "/$defs/child");

    /** The config as written, bound once the schema has passed it and its defaults are filled in. */
    record ConfigJson(Timings supervisor, List<ChildJson> children) {}

    /** {@code supervisor}: the supervisor's own timings. */
    record Timings(long controlLoopIntervalMs, long starvationThresholdMs, long dashboardLinkTimeoutMs) {}

    public static SupervisionConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new FieldError("$", "cannot read " + file + ": " + e.getMessage());
        }
        try {
            return parse(new JsonObject(text), file.toAbsolutePath().getParent());
        } catch (DecodeException | ClassCastException e) {
            throw new FieldError("$", file + " is not a JSON object");
        }
    }

    /** {@code base} resolves relative log paths. */
    public static SupervisionConfig parse(JsonObject root, Path base) {
        // The schema describes version 1: a config of another version is refused before it is read.
        if (!Integer.valueOf(1).equals(root.getValue("schema_version"))) {
            throw new FieldError("schema_version", "must be 1, got " + root.getValue("schema_version"));
        }
        check(CONFIG, root, null);
        ConfigJson config = MeshJson.bind(CONFIG.withDefaults(root), ConfigJson.class);
        List<ChildSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < config.children().size(); i++) {
            String at = "children[" + i + "]";
            ChildSpec spec = config.children().get(i).toSpec(at, base);
            if (!ids.add(spec.id())) {
                throw new FieldError(at + ".id", "'" + spec.id() + "' is used by another child");
            }
            specs.add(spec);
        }
        Timings timings = config.supervisor();
        return new SupervisionConfig(
                timings.controlLoopIntervalMs(),
                timings.starvationThresholdMs(),
                timings.dashboardLinkTimeoutMs(),
                List.copyOf(specs));
    }

    /** One child spec ({@code children[i]} of a config, or one added at run time), its errors named under {@code at}. */
    static ChildSpec child(JsonObject c, String at, Path base) {
        check(CHILD, c, at);
        return MeshJson.bind(CHILD.withDefaults(c), ChildJson.class).toSpec(at, base);
    }

    private static void check(SchemaCheck schema, JsonObject json, String at) {
        FieldError problem = schema.firstProblem(json).orElse(null);
        if (problem != null) {
            throw at == null ? problem : problem.under(at);
        }
    }
}
