package io.taumesh.supervisor.heartbeat;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The runtime heartbeat of a mesh: every {@code interval_ms} it probes the runners' queues, the age of their
 * last event and the supervisor's children, writes what it saw to {@code state_path} (whole, atomically), and
 * runs {@link SelfRepairSettings self-repair}. Carried in the supervisor's deployment config as
 * {@code {"heartbeat": {...}}}; a supervisor deployed without that key runs no heartbeat.
 */
public record HeartbeatSettings(boolean enabled, long intervalMs, Path statePath, SelfRepairSettings selfRepair) {

    static final String CONFIG_KEY = "heartbeat";
    public static final long DEFAULT_INTERVAL_MS = 5_000;
    public static final String DEFAULT_STATE_PATH = ".tau/runtime-heartbeat/state.json";

    public static final HeartbeatSettings DEFAULTS =
            new HeartbeatSettings(true, DEFAULT_INTERVAL_MS, Path.of(DEFAULT_STATE_PATH), SelfRepairSettings.DEFAULTS);

    public HeartbeatSettings {
        if (intervalMs < 100 || intervalMs > 3_600_000L) {
            throw new FieldError("interval_ms", "must be between 100 and 3600000 (an hour), got " + intervalMs);
        }
        if (statePath == null || statePath.toString().isBlank()) {
            throw new FieldError("state_path", "is required");
        }
        if (selfRepair == null) {
            selfRepair = SelfRepairSettings.DEFAULTS;
        }
    }

    public JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    /** The heartbeat of a supervisor's deployment config, or null when the config names none. */
    public static HeartbeatSettings fromConfig(JsonObject config) {
        if (config == null || config.getJsonObject(CONFIG_KEY) == null) {
            return null;
        }
        return ServiceConfig.read(config, CONFIG_KEY, HeartbeatSettings.class, DEFAULTS);
    }
}
