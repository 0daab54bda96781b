package io.taumesh.supervisor;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.contract.WireName;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The supervision config (docs/supervisor.md): the supervisor's own timings and its children, in start
 * order. Every error is a {@link FieldError} naming the field: {@code children[1].budget.capacity}.
 */
public record SupervisionConfig(
        long controlLoopIntervalMs, long starvationThresholdMs, long dashboardLinkTimeoutMs, List<ChildSpec> children) {

    static final Pattern CHILD_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Set<String> TOP = Set.of("schema_version", "supervisor", "children");
    private static final Set<String> SUPERVISOR =
            Set.of("control_loop_interval_ms", "starvation_threshold_ms", "dashboard_link_timeout_ms");
    private static final Set<String> CHILD = Set.of(
            "id",
            "kind",
            "target",
            "command",
            "log",
            "config",
            "threading",
            "restart",
            "budget",
            "backoff",
            "critical",
            "shutdown_timeout_ms");

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
        unknown(root, TOP, "");
        if (!Integer.valueOf(1).equals(root.getValue("schema_version"))) {
            throw new FieldError("schema_version", "must be 1, got " + root.getValue("schema_version"));
        }
        JsonObject sup = object(root, "supervisor", "supervisor", false);
        if (sup == null) {
            sup = new JsonObject();
        }
        unknown(sup, SUPERVISOR, "supervisor.");
        long loop = number(sup, "control_loop_interval_ms", "supervisor.control_loop_interval_ms", 100, 10, 10_000);
        long starvation =
                number(sup, "starvation_threshold_ms", "supervisor.starvation_threshold_ms", 1_000, 100, 600_000);
        long link =
                number(sup, "dashboard_link_timeout_ms", "supervisor.dashboard_link_timeout_ms", 3_000, 100, 600_000);
        Object list = root.getValue("children");
        if (!(list instanceof JsonArray children)) {
            throw new FieldError("children", list == null ? "is required" : "must be an array");
        }
        List<ChildSpec> specs = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < children.size(); i++) {
            String at = "children[" + i + "]";
            if (!(children.getValue(i) instanceof JsonObject c)) {
                throw new FieldError(at, "must be an object");
            }
            ChildSpec spec = child(c, at, base);
            if (!ids.add(spec.id())) {
                throw new FieldError(at + ".id", "'" + spec.id() + "' is used by another child");
            }
            specs.add(spec);
        }
        return new SupervisionConfig(loop, starvation, link, List.copyOf(specs));
    }

    static ChildSpec child(JsonObject c, String at, Path base) {
        unknown(c, CHILD, at + ".");
        String id = text(c, "id", at + ".id", null);
        if (!CHILD_ID.matcher(id).matches()) {
            throw new FieldError(at + ".id", "must be 1-64 characters of [a-z0-9._-], got '" + id + "'");
        }
        ChildSpec.Launch launch = launch(c, at, id, base);
        JsonObject config = object(c, "config", at + ".config", false);
        String threadingText = text(c, "threading", at + ".threading", ChildThreading.EVENT_LOOP.wire());
        ChildThreading threading = WireName.parse(ChildThreading.class, threadingText)
                .orElseThrow(() ->
                        new FieldError(at + ".threading", "must be event-loop or worker, got '" + threadingText + "'"));
        String restartText = text(c, "restart", at + ".restart", RestartPolicy.PERMANENT.wire());
        RestartPolicy restart = WireName.parse(RestartPolicy.class, restartText)
                .orElseThrow(() -> new FieldError(
                        at + ".restart", "must be permanent, transient or temporary, got '" + restartText + "'"));
        JsonObject budget = orEmpty(object(c, "budget", at + ".budget", false));
        unknown(budget, Set.of("capacity", "refill_period_ms"), at + ".budget.");
        int capacity = (int) number(budget, "capacity", at + ".budget.capacity", 5, 1, 1_000);
        long refill = number(budget, "refill_period_ms", at + ".budget.refill_period_ms", 60_000, 1, 86_400_000);
        ChildSpec.Backoff backoff = backoff(orEmpty(object(c, "backoff", at + ".backoff", false)), at + ".backoff");
        Object critical = c.getValue("critical", false);
        if (!(critical instanceof Boolean)) {
            throw new FieldError(at + ".critical", "must be true or false, got " + critical);
        }
        long shutdown = number(c, "shutdown_timeout_ms", at + ".shutdown_timeout_ms", 5_000, 0, 600_000);
        return new ChildSpec(
                id,
                launch,
                orEmpty(config),
                threading,
                restart,
                new ChildSpec.Budget(capacity, refill),
                backoff,
                (Boolean) critical,
                shutdown);
    }

    private static ChildSpec.Launch launch(JsonObject c, String at, String id, Path base) {
        String kindText = text(c, "kind", at + ".kind", null);
        ChildKind kind = WireName.parse(ChildKind.class, kindText)
                .orElseThrow(() -> new FieldError(
                        at + ".kind",
                        "must be " + WireName.listed(ChildKind.class).replace(", ", " or ") + ", got '" + kindText
                                + "'"));
        if (kind == ChildKind.VERTICLE) {
            String target = text(c, "target", at + ".target", null);
            if (c.containsKey("command")) {
                throw new FieldError(at + ".command", "is for process children; a verticle child has a target class");
            }
            return new ChildSpec.Launch(kind, target, List.of(), null);
        }
        if (!(c.getValue("command") instanceof JsonArray cmd)
                || cmd.isEmpty()
                || !cmd.stream().allMatch(a -> a instanceof String s && !s.isEmpty())) {
            throw new FieldError(at + ".command", "must be a non-empty array of strings (program, then arguments)");
        }
        String logText = c.getString("log", "logs/" + id + ".log");
        Path log = base == null ? Path.of(logText) : base.resolve(logText);
        if (c.containsKey("target")) {
            throw new FieldError(at + ".target", "is for verticle children; a process child has a command");
        }
        return new ChildSpec.Launch(
                kind, null, cmd.stream().map(Object::toString).toList(), log);
    }

    private static ChildSpec.Backoff backoff(JsonObject backoff, String at) {
        unknown(backoff, Set.of("initial_ms", "max_ms", "jitter"), at + ".");
        long initial = number(backoff, "initial_ms", at + ".initial_ms", 100, 0, 600_000);
        long max = number(backoff, "max_ms", at + ".max_ms", 5_000, 0, 3_600_000);
        if (max < initial) {
            throw new FieldError(at + ".max_ms", "must not be below initial_ms (" + initial + ")");
        }
        Object jitterValue = backoff.getValue("jitter", 0.1);
        if (!(jitterValue instanceof Number j) || j.doubleValue() < 0 || j.doubleValue() > 1) {
            throw new FieldError(at + ".jitter", "must be a number from 0 to 1, got " + jitterValue);
        }
        return new ChildSpec.Backoff(initial, max, j.doubleValue());
    }

    private static JsonObject orEmpty(JsonObject o) {
        return o == null ? new JsonObject() : o;
    }

    private static void unknown(JsonObject o, Set<String> known, String prefix) {
        for (String field : o.fieldNames()) {
            if (!known.contains(field)) {
                throw new FieldError(
                        prefix + field, "unknown field (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
    }

    private static String text(JsonObject o, String key, String path, String fallback) {
        Object v = o.getValue(key);
        if (v == null) {
            if (fallback == null) {
                throw new FieldError(path, "is required");
            }
            return fallback;
        }
        if (!(v instanceof String s) || s.isBlank()) {
            throw new FieldError(path, "must be a non-empty string, got " + v);
        }
        return s;
    }

    private static JsonObject object(JsonObject o, String key, String path, boolean required) {
        Object v = o.getValue(key);
        if (v == null && !required) {
            return null;
        }
        if (!(v instanceof JsonObject j)) {
            throw new FieldError(path, v == null ? "is required" : "must be an object");
        }
        return j;
    }

    private static long number(JsonObject o, String key, String path, long fallback, long min, long max) {
        Object v = o.getValue(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Integer || v instanceof Long)
                || ((Number) v).longValue() < min
                || ((Number) v).longValue() > max) {
            throw new FieldError(path, "must be an integer from " + min + " to " + max + ", got " + v);
        }
        return ((Number) v).longValue();
    }
}
