package io.taumesh.supervisor.heartbeat;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceFlags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The runtime heartbeat and self-repair flags (runbook 004): settings of the running mesh, taken by
 * {@code tau-mesh} (and {@code --daemon-start}, which hands them to the mesh it starts) and {@code supervisor-svc}.
 */
public final class HeartbeatFlags implements ServiceFlags {

    @Option(
            names = "--runtime-heartbeat-enabled",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "${env:TAU_RUNTIME_HEARTBEAT_ENABLED:-true}",
            description = "Probe queues, events and jobs every interval and write the heartbeat state file "
                    + "(env TAU_RUNTIME_HEARTBEAT_ENABLED, default: ${DEFAULT-VALUE}).")
    public boolean enabled;

    @Option(
            names = "--runtime-heartbeat-interval-ms",
            paramLabel = "MS",
            defaultValue = "${env:TAU_RUNTIME_HEARTBEAT_INTERVAL_MS:-" + HeartbeatSettings.DEFAULT_INTERVAL_MS + "}",
            description = "Heartbeat period (env TAU_RUNTIME_HEARTBEAT_INTERVAL_MS, default: ${DEFAULT-VALUE}).")
    public long intervalMs;

    @Option(
            names = "--runtime-heartbeat-state-path",
            paramLabel = "FILE",
            defaultValue = "${env:TAU_RUNTIME_HEARTBEAT_STATE_PATH:-" + HeartbeatSettings.DEFAULT_STATE_PATH + "}",
            description =
                    "Where the heartbeat writes what it saw, atomically (env TAU_RUNTIME_HEARTBEAT_STATE_PATH, default: ${DEFAULT-VALUE}).")
    public Path statePath;

    @Option(
            names = "--runtime-self-repair-enabled",
            paramLabel = "BOOL",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "${env:TAU_RUNTIME_SELF_REPAIR_ENABLED:-true}",
            description = "Restart stuck runners through the supervisor and remove orphaned tool builds "
                    + "(env TAU_RUNTIME_SELF_REPAIR_ENABLED, default: ${DEFAULT-VALUE}).")
    public boolean selfRepairEnabled;

    @Option(
            names = "--runtime-self-repair-timeout-ms",
            paramLabel = "MS",
            defaultValue = "${env:TAU_RUNTIME_SELF_REPAIR_TIMEOUT_MS:-" + SelfRepairSettings.DEFAULT_TIMEOUT_MS + "}",
            description =
                    "A runner with queued work and no cycle for this long is stuck (env TAU_RUNTIME_SELF_REPAIR_TIMEOUT_MS, default: ${DEFAULT-VALUE}).")
    public long timeoutMs;

    @Option(
            names = "--runtime-self-repair-max-retries",
            paramLabel = "N",
            defaultValue = "${env:TAU_RUNTIME_SELF_REPAIR_MAX_RETRIES:-" + SelfRepairSettings.DEFAULT_MAX_RETRIES + "}",
            description =
                    "Restarts of a stuck runner before self-repair gives up on it (env TAU_RUNTIME_SELF_REPAIR_MAX_RETRIES, default: ${DEFAULT-VALUE}).")
    public int maxRetries;

    @Option(
            names = "--runtime-self-repair-tool-builds-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_RUNTIME_SELF_REPAIR_TOOL_BUILDS_DIR:-"
                    + SelfRepairSettings.DEFAULT_TOOL_BUILDS_DIR + "}",
            description =
                    "Per-run artefacts of tools; orphans are removed (docs/daemon.md) (env TAU_RUNTIME_SELF_REPAIR_TOOL_BUILDS_DIR, default: ${DEFAULT-VALUE}).")
    public Path toolBuildsDir;

    @Option(
            names = "--runtime-self-repair-orphan-max-age-seconds",
            paramLabel = "S",
            defaultValue = "${env:TAU_RUNTIME_SELF_REPAIR_ORPHAN_MAX_AGE_SECONDS:-"
                    + SelfRepairSettings.DEFAULT_ORPHAN_MAX_AGE_SECONDS + "}",
            description =
                    "A tool build untouched this long, its process gone, is an orphan (env TAU_RUNTIME_SELF_REPAIR_ORPHAN_MAX_AGE_SECONDS, default: ${DEFAULT-VALUE}).")
    public long orphanMaxAgeSeconds;

    @Override
    public JsonObject toConfig() {
        return toSettings().toConfig();
    }

    /** The settings these flags describe, paths made absolute; throws {@link IllegalArgumentException} naming a bad flag. */
    public HeartbeatSettings toSettings() {
        SelfRepairSettings selfRepair;
        try {
            selfRepair = new SelfRepairSettings(
                    selfRepairEnabled, timeoutMs, maxRetries, absolute(toolBuildsDir), orphanMaxAgeSeconds);
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--runtime-self-repair-", e);
        }
        try {
            return new HeartbeatSettings(enabled, intervalMs, absolute(statePath), selfRepair);
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--runtime-heartbeat-", e);
        }
    }

    private static Path absolute(Path path) {
        return path == null || path.toString().isBlank()
                ? path
                : path.toAbsolutePath().normalize();
    }
}
