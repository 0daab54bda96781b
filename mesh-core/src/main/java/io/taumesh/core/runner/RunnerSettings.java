package io.taumesh.core.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** What every runtime of the engine is run with: state dir, fixtures, queue limit, cycle interval and retries. */
public record RunnerSettings(Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry) {

  public RunnerSettings {
    fixtures = List.copyOf(fixtures);
    new ContractRunner.Settings(stateDir, queueLimit, retry); // validates the queue limit
    if (cycleIntervalMs < 0) {
      throw new IllegalArgumentException("cycle interval must not be negative, got " + cycleIntervalMs);
    }
  }

  /** From a runtime's flags ({@code --<runtime>-queue-limit} ...), with any error naming the flag. */
  public static RunnerSettings fromFlags(String runtime, Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs,
      int retryMaxAttempts, long retryBaseDelayMs) {
    String flag = "--" + runtime + "-";
    require(queueLimit >= 1 && queueLimit <= ContractRunner.Settings.MAX_QUEUE_LIMIT,
        flag + "queue-limit must be between 1 and " + ContractRunner.Settings.MAX_QUEUE_LIMIT + ", got " + queueLimit);
    require(cycleIntervalMs >= 0, flag + "cycle-interval-ms must not be negative, got " + cycleIntervalMs);
    require(retryMaxAttempts >= 1 && retryMaxAttempts <= 10, flag + "retry-max-attempts must be between 1 and 10, got " + retryMaxAttempts);
    require(retryBaseDelayMs >= 0 && retryBaseDelayMs <= 60_000,
        flag + "retry-base-delay-ms must be between 0 and 60000, got " + retryBaseDelayMs);
    return new RunnerSettings(stateDir, fixtures, queueLimit, cycleIntervalMs,
        new RetryPolicy(retryMaxAttempts, retryBaseDelayMs, Math.max(1_000, retryBaseDelayMs)));
  }

  public ContractRunner.Settings engine() {
    return new ContractRunner.Settings(stateDir, queueLimit, retry);
  }

  /** These settings as fields of a deployment config object. */
  public JsonObject toConfig() {
    return new JsonObject()
        .put("state_dir", stateDir.toString())
        .put("fixtures", new JsonArray(fixtures.stream().map(Path::toString).toList()))
        .put("queue_limit", queueLimit)
        .put("cycle_interval_ms", cycleIntervalMs)
        .put("retry_max_attempts", retry.maxAttempts())
        .put("retry_base_delay_ms", retry.baseDelayMs())
        .put("retry_max_delay_ms", retry.maxDelayMs());
  }

  /** Reads {@link #toConfig()}; what a config leaves out comes from {@code defaults}. */
  public static RunnerSettings fromConfig(JsonObject c, RunnerSettings defaults) {
    if (c == null) {
      return defaults;
    }
    List<Path> fixtures = c.containsKey("fixtures")
        ? c.getJsonArray("fixtures").stream().map(o -> Path.of(o.toString())).toList() : defaults.fixtures();
    return new RunnerSettings(Path.of(c.getString("state_dir", defaults.stateDir().toString())), fixtures,
        c.getInteger("queue_limit", defaults.queueLimit()), c.getLong("cycle_interval_ms", defaults.cycleIntervalMs()),
        new RetryPolicy(c.getInteger("retry_max_attempts", defaults.retry().maxAttempts()),
            c.getLong("retry_base_delay_ms", defaults.retry().baseDelayMs()),
            c.getLong("retry_max_delay_ms", defaults.retry().maxDelayMs())));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
