package io.taumesh.gateway;

import io.taumesh.core.runner.ContractRunner;
import io.taumesh.core.runner.RetryPolicy;
import io.taumesh.core.runner.RunnerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/** How the gateway runs: the runner's settings, its guardrails, and where its HTTP ingress listens. */
public record GatewaySettings(RunnerSettings runner, GatewayGuardrails guardrails, String httpHost, int httpPort) {

  public static final String DEFAULT_STATE_DIR = ".tau/gateway";
  /**
   * Each cycle forces its outputs, state and event line to disk (about 3 ms plus 0.3 ms per channel here);
   * 512 cases a cycle spread that over enough work for more than 20k cases/s (bench/REPORT.md, runner).
   */
  public static final int DEFAULT_QUEUE_LIMIT = 512;
  public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

  public GatewaySettings {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--gateway-http-port must be between 0 and 65535, got " + httpPort);
    }
  }

  public GatewaySettings(Path stateDir, List<Path> fixtures, int queueLimit, long cycleIntervalMs, RetryPolicy retry,
      GatewayGuardrails guardrails, String httpHost, int httpPort) {
    this(new RunnerSettings(stateDir, fixtures, queueLimit, cycleIntervalMs, retry), guardrails, httpHost, httpPort);
  }

  public static GatewaySettings defaults() {
    return new GatewaySettings(Path.of(DEFAULT_STATE_DIR), List.of(), DEFAULT_QUEUE_LIMIT, DEFAULT_CYCLE_INTERVAL_MS,
        RetryPolicy.DEFAULT, GatewayGuardrails.DEFAULT, "127.0.0.1", 0);
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

  /** The settings as a verticle's deployment config (under {@code gateway}). */
  public JsonObject toConfig() {
    return new JsonObject().put("gateway", runner.toConfig()
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
    return new GatewaySettings(RunnerSettings.fromConfig(g, d.runner()),
        new GatewayGuardrails(g.getInteger("failure_streak_threshold", d.guardrails().failureStreakThreshold()),
            g.getInteger("retryable_failures_threshold", d.guardrails().retryableFailuresThreshold())),
        g.getString("http_host", d.httpHost()), g.getInteger("http_port", d.httpPort()));
  }
}
