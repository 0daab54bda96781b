package io.taumesh.dashboard;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * How the dashboard runs: the runner's settings, with the dashboard's defaults. Carried in the verticle's
 * config as {@code {"dashboard": {...}}}.
 */
public record DashboardSettings(@JsonUnwrapped RunnerSettings runner) {

    static final String CONFIG_KEY = "dashboard";
    public static final String DEFAULT_STATE_DIR = ".tau/dashboard";
    public static final int DEFAULT_QUEUE_LIMIT = 512;
    public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

    public DashboardSettings {
        if (runner == null) {
            throw new FieldError("state_dir", "is required");
        }
    }

    public DashboardSettings(
            Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry) {
        this(new RunnerSettings(stateDir, fixtures, queueLimit, cycleIntervalMs, retry));
    }

    public static DashboardSettings defaults() {
        return new DashboardSettings(
                Path.of(DEFAULT_STATE_DIR),
                List.of(),
                DEFAULT_QUEUE_LIMIT,
                DEFAULT_CYCLE_INTERVAL_MS,
                RetryPolicy.DEFAULT);
    }

    public Path stateDir() {
        return runner.stateDir();
    }

    public List<Path> fixtures() {
        return runner.fixtures();
    }

    public long cycleIntervalMs() {
        return runner.cycleIntervalMs();
    }

    public JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    public static DashboardSettings fromConfig(JsonObject config) {
        return ServiceConfig.read(config, CONFIG_KEY, DashboardSettings.class, defaults());
    }
}
