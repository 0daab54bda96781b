package io.taumesh.gateway;

import io.taumesh.core.runner.ContractRunner;
import io.taumesh.core.runner.RetryPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** How the gateway runs: its state dir, fixtures, queue and retry settings, guardrails, and HTTP ingress. */
public record GatewaySettings(
    Path stateDir,
    List<Path> fixtures,
    int queueLimit,
    long cycleIntervalMs,
    RetryPolicy retry,
    GatewayGuardrails guardrails,
    String httpHost,
    int httpPort) {

  public static final String DEFAULT_STATE_DIR = ".tau/gateway";
  /**
   * Each cycle forces its outputs, state and event line to disk (about 3 ms plus 0.3 ms per channel here);
   * 512 cases a cycle spread that over enough work for more than 20k cases/s (bench/REPORT.md, runner).
   */
  public static final int DEFAULT_QUEUE_LIMIT = 512;
  public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

  public GatewaySettings {
    fixtures = List.copyOf(fixtures);
    new ContractRunner.Settings(stateDir, queueLimit, retry); // validates the queue limit
    if (cycleIntervalMs < 0) {
      throw new IllegalArgumentException("--gateway-cycle-interval-ms must not be negative, got " + cycleIntervalMs);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--gateway-http-port must be between 0 and 65535, got " + httpPort);
    }
  }

  public static GatewaySettings defaults() {
    return new GatewaySettings(Path.of(DEFAULT_STATE_DIR), List.of(), DEFAULT_QUEUE_LIMIT, DEFAULT_CYCLE_INTERVAL_MS,
        RetryPolicy.DEFAULT, GatewayGuardrails.DEFAULT, "127.0.0.1", 0);
  }

  public ContractRunner.Settings runnerSettings() {
    return new ContractRunner.Settings(stateDir, queueLimit, retry);
  }

  /** The settings as a verticle's deployment config (under {@code gateway}). */
  public JsonObject toConfig() {
    return new JsonObject().put("gateway", new JsonObject()
        .put("state_dir", stateDir.toString())
        .put("fixtures", new JsonArray(fixtures.stream().map(Path::toString).toList()))
        .put("queue_limit", queueLimit)
        .put("cycle_interval_ms", cycleIntervalMs)
        .put("retry_max_attempts", retry.maxAttempts())
        .put("retry_base_delay_ms", retry.baseDelayMs())
        .put("retry_max_delay_ms", retry.maxDelayMs())
        .put("failure_streak_threshold", guardrails.failureStreakThreshold())
        .put("retryable_failures_threshold", guardrails.retryableFailuresThreshold())
        .put("http_host", httpHost)
        .put("http_port", httpPort));
  }

  /** Reads {@link #toConfig()}; a config without a {@code gateway} object means the defaults. */
  public static GatewaySettings fromConfig(JsonObject config) {
    JsonObject g = config == null ? null : config.getJsonObject("gateway");
    GatewaySettings d = defaults();
    if (g == null) {
      return d;
    }
    List<Path> fixtures = g.getJsonArray("fixtures", new JsonArray()).stream().map(o -> Path.of(o.toString())).toList();
    return new GatewaySettings(Path.of(g.getString("state_dir", d.stateDir().toString())), fixtures,
        g.getInteger("queue_limit", d.queueLimit()), g.getLong("cycle_interval_ms", d.cycleIntervalMs()),
        new RetryPolicy(g.getInteger("retry_max_attempts", d.retry().maxAttempts()),
            g.getLong("retry_base_delay_ms", d.retry().baseDelayMs()), g.getLong("retry_max_delay_ms", d.retry().maxDelayMs())),
        new GatewayGuardrails(g.getInteger("failure_streak_threshold", d.guardrails().failureStreakThreshold()),
            g.getInteger("retryable_failures_threshold", d.guardrails().retryableFailuresThreshold())),
        g.getString("http_host", d.httpHost()), g.getInteger("http_port", d.httpPort()));
  }
}
