package io.taumesh.dashboard;

import io.taumesh.core.runner.ContractRunner;
import io.taumesh.core.runner.RetryPolicy;
import io.taumesh.core.runner.RunnerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** How the dashboard runs: the runner's settings, with the dashboard's defaults. */
public record DashboardSettings(RunnerSettings runner) {

  public static final String DEFAULT_STATE_DIR = ".tau/dashboard";
  public static final int DEFAULT_QUEUE_LIMIT = 512;
  public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

  public DashboardSettings(Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry) {
    this(new RunnerSettings(stateDir, fixtures, queueLimit, cycleIntervalMs, retry));
  }

  public static DashboardSettings defaults() {
    return new DashboardSettings(Path.of(DEFAULT_STATE_DIR), List.of(), DEFAULT_QUEUE_LIMIT, DEFAULT_CYCLE_INTERVAL_MS,
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

  public ContractRunner.Settings runnerSettings() {
    return runner.engine();
  }

  /** The settings as a verticle's deployment config (under {@code dashboard}). */
  public JsonObject toConfig() {
    return new JsonObject().put("dashboard", runner.toConfig());
  }

  public static DashboardSettings fromConfig(JsonObject config) {
    return new DashboardSettings(RunnerSettings.fromConfig(config == null ? null : config.getJsonObject("dashboard"),
        defaults().runner()));
  }
}
