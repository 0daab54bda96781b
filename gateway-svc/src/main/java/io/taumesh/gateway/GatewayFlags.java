package io.taumesh.gateway;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceFlags;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.storage.LogRetention;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The gateway's flags (runbook 001), shared by {@code gateway-svc} and {@code tau-mesh}. */
public final class GatewayFlags implements ServiceFlags {

    @Option(
            names = "--gateway-state-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_GATEWAY_STATE_DIR:-" + GatewaySettings.DEFAULT_STATE_DIR + "}",
            description =
                    "Gateway state: state.json, runtime-events.jsonl, channel-store/ (env TAU_GATEWAY_STATE_DIR, default: ${DEFAULT-VALUE}).")
    public Path stateDir;

    @Option(
            names = "--gateway-fixture",
            paramLabel = "FILE",
            split = ",",
            description =
                    "Gateway fixture file(s) to run, in order (repeatable or comma separated; format: docs/fixtures.md).")
    public List<Path> fixtures = new ArrayList<>();

    @Option(
            names = "--gateway-fixtures-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_GATEWAY_FIXTURES_DIR:-" + RunnerSettings.DEFAULT_FIXTURES_DIR + "}",
            description =
                    "The only directory a replay_fixture control action may read a fixture from; paths that lead out "
                            + "of it (../, links) are refused (env TAU_GATEWAY_FIXTURES_DIR, default: ${DEFAULT-VALUE}).")
    public Path fixturesDir;

    @Option(
            names = "--gateway-queue-limit",
            paramLabel = "N",
            defaultValue = "" + GatewaySettings.DEFAULT_QUEUE_LIMIT,
            description = "Cases processed per cycle; the rest wait as queue_depth (default: ${DEFAULT-VALUE}).")
    public int queueLimit;

    @Option(
            names = "--gateway-cycle-interval-ms",
            paramLabel = "MS",
            defaultValue = "" + GatewaySettings.DEFAULT_CYCLE_INTERVAL_MS,
            description = "Pause between cycles when the gateway runs as a service (default: ${DEFAULT-VALUE}).")
    public long cycleIntervalMs;

    @Option(
            names = "--gateway-retry-max-attempts",
            paramLabel = "N",
            defaultValue = "3",
            description = "Attempts per case with transient failures, first included (default: ${DEFAULT-VALUE}).")
    public int retryMaxAttempts;

    @Option(
            names = "--gateway-retry-base-delay-ms",
            paramLabel = "MS",
            defaultValue = "10",
            description =
                    "Backoff before the first retry; doubles per retry, at most 1000 ms (default: ${DEFAULT-VALUE}).")
    public long retryBaseDelayMs;

    @Option(
            names = "--gateway-guardrail-failure-streak-threshold",
            paramLabel = "N",
            defaultValue = "" + GatewayGuardrails.DEFAULT_FAILURE_STREAK_THRESHOLD,
            description = "rollout_gate=hold when failure_streak reaches this (default: ${DEFAULT-VALUE}).")
    public int failureStreakThreshold;

    @Option(
            names = "--gateway-guardrail-retryable-failures-threshold",
            paramLabel = "N",
            defaultValue = "" + GatewayGuardrails.DEFAULT_RETRYABLE_FAILURES_THRESHOLD,
            description = "rollout_gate=hold when last_retryable_failures reaches this (default: ${DEFAULT-VALUE}).")
    public int retryableFailuresThreshold;

    @Option(
            names = "--gateway-http-host",
            paramLabel = "HOST",
            defaultValue = "${env:TAU_GATEWAY_HTTP_HOST:-127.0.0.1}",
            description =
                    "Interface of the gateway's HTTP ingress (env TAU_GATEWAY_HTTP_HOST, default: ${DEFAULT-VALUE}).")
    public String httpHost;

    @Option(
            names = "--gateway-http-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_GATEWAY_HTTP_PORT:-0}",
            description =
                    "Port of the gateway's HTTP ingress, 0 picks a free one (env TAU_GATEWAY_HTTP_PORT, default: ${DEFAULT-VALUE}).")
    public int httpPort;

    @Option(
            names = "--gateway-log-segment-bytes",
            paramLabel = "BYTES",
            defaultValue = "" + LogRetention.DEFAULT_SEGMENT_BYTES,
            description =
                    "runtime-events.jsonl and each channel's outputs.jsonl roll into a compressed segment past this size "
                            + "(default: ${DEFAULT-VALUE}).")
    public long logSegmentBytes;

    @Option(
            names = "--gateway-log-retain-segments",
            paramLabel = "N",
            defaultValue = "" + LogRetention.DEFAULT_RETAIN_SEGMENTS,
            description = "Compressed segments kept per log; older ones are removed (default: ${DEFAULT-VALUE}).")
    public int logRetainSegments;

    @Override
    public JsonObject toConfig() {
        return toSettings().toConfig();
    }

    /** The settings these flags describe; throws {@link IllegalArgumentException} naming a bad flag. */
    public GatewaySettings toSettings() {
        try {
            return new GatewaySettings(
                    new RunnerSettings(
                            stateDir,
                            fixtures,
                            queueLimit,
                            cycleIntervalMs,
                            RetryPolicy.of(retryMaxAttempts, retryBaseDelayMs),
                            new LogRetention(logSegmentBytes, logRetainSegments),
                            fixturesDir),
                    new GatewayGuardrails(failureStreakThreshold, retryableFailuresThreshold),
                    httpHost,
                    httpPort);
        } catch (FieldError e) {
            throw ServiceFlags.asFlagError("--gateway-", e);
        }
    }
}
