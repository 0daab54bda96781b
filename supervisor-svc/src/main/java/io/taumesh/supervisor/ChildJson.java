package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.contract.FieldError;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A child of the supervision config as written, bound once the schema has passed it and its defaults are filled
 * in ({@code $defs/child} of docs/schemas/supervision-config.schema.json). {@link #toSpec} checks what the schema
 * cannot say and makes the {@link ChildSpec} the supervisor runs.
 */
record ChildJson(
        String id,
        @JsonUnwrapped Start start,
        JsonObject config,
        ChildThreading threading,
        @JsonUnwrapped Restarting restarting,
        boolean critical,
        long shutdownTimeoutMs) {

    /** How the child starts, as written: its kind, a verticle's class, a process's command and log. */
    record Start(ChildKind kind, String target, List<String> command, String log) {}

    /** When and how often it is started again, as written. */
    record Restarting(RestartPolicy restart, ChildSpec.Budget budget, ChildSpec.Backoff backoff) {}

    static final Pattern CHILD_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** The spec, the child's errors named under {@code at}; {@code base} (when not null) resolves a relative log path. */
    ChildSpec toSpec(String at, Path base) {
        // The schema's pattern may match before a final line break; an id names a log file, so it must match whole.
        if (!CHILD_ID.matcher(id).matches()) {
            throw new FieldError(at + ".id", "must be 1-64 characters of [a-z0-9._-], got " + FieldError.shown(id));
        }
        String target = start.target();
        ChildSpec.Backoff backoff = restarting.backoff();
        if (target != null && target.isBlank()) {
            throw new FieldError(at + ".target", "must be a class name, got " + FieldError.shown(target));
        }
        if (backoff.maxMs() < backoff.initialMs()) {
            throw new FieldError(at + ".backoff.max_ms", "must not be below initial_ms (" + backoff.initialMs() + ")");
        }
        boolean process = start.kind() == ChildKind.PROCESS;
        String logText = start.log() == null ? "logs/" + id + ".log" : start.log();
        ChildSpec.Launch launch = new ChildSpec.Launch(
                start.kind(),
                process ? null : target,
                process ? List.copyOf(start.command()) : List.of(),
                process ? (base == null ? Path.of(logText) : base.resolve(logText)) : null);
        return new ChildSpec(
                id,
                launch,
                config == null ? new JsonObject() : config,
                threading,
                restarting.restart(),
                restarting.budget(),
                backoff,
                critical,
                shutdownTimeoutMs);
    }
}
