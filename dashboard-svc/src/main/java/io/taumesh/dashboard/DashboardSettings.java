package io.taumesh.dashboard;

import io.taumesh.core.runner.ContractRunner;
import io.taumesh.core.runner.RetryPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** How the dashboard runs: its state dir, fixtures, queue, cycle interval and retries. */
public record DashboardSettings(Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry) {

  public static final String DEFAULT_STATE_DIR = ".tau/dashboard";
  public static final int DEFAULT_QUEUE_LIMIT = 512;
  public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

  public DashboardSettings {
    fixtures = List.copyOf(fixtures);
    new ContractRunner.Settings(stateDir, queueLimit, retry); // validates the queue limit
    if (cycleIntervalMs < 0) {
      throw new IllegalArgumentException("--dashboard-cycle-interval-ms must not be negative, got " + cycleIntervalMs);
    }
  }

  public static DashboardSettings defaults() {
    return new DashboardSettings(Path.of(DEFAULT_STATE_DIR), List.of(), DEFAULT_QUEUE_LIMIT, DEFAULT_CYCLE_INTERVAL_MS,
        RetryPolicy.DEFAULT);
  }

  public ContractRunner.Settings runnerSettings() {
    return new ContractRunner.Settings(stateDir, queueLimit, retry);
  }

  /** The settings as a verticle's deployment config (under {@code dashboard}). */
  public JsonObject toConfig() {
    return new JsonObject().put("dashboard", new JsonObject()
        .put("state_dir", stateDir.toString())
        .put("fixtures", new JsonArray(fixtures.stream().map(Path::toString).toList()))
        .put("queue_limit", queueLimit)
        .put("cycle_interval_ms", cycleIntervalMs)
        .put("retry_max_attempts", retry.maxAttempts())
        .put("retry_base_delay_ms", retry.baseDelayMs())
        .put("retry_max_delay_ms", retry.maxDelayMs()));
  }

  public static DashboardSettings fromConfig(JsonObject config) {
    JsonObject d = config == null ? null : config.getJsonObject("dashboard");
    DashboardSettings base = defaults();
    if (d == null) {
      return base;
    }
    List<Path> fixtures = d.getJsonArray("fixtures", new JsonArray()).stream().map(o -> Path.of(o.toString())).toList();
    return new DashboardSettings(Path.of(d.getString("state_dir", base.stateDir().toString())), fixtures,
        d.getInteger("queue_limit", base.queueLimit()), d.getLong("cycle_interval_ms", base.cycleIntervalMs()),
        new RetryPolicy(d.getInteger("retry_max_attempts", base.retry().maxAttempts()),
            d.getLong("retry_base_delay_ms", base.retry().baseDelayMs()), d.getLong("retry_max_delay_ms", base.retry().maxDelayMs())));
  }
}
