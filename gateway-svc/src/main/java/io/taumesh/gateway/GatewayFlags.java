package io.taumesh.gateway;

import io.taumesh.core.node.RunnerFlags;
import io.taumesh.core.runner.engine.RunnerSettings;
import picocli.CommandLine.Option;

/**
 * The gateway's own flags (runbook 001), listed among the runner's: its guardrails and where its HTTP ingress
 * listens. {@link #create()} gives the whole set, shared by {@code gateway-svc} and {@code tau-mesh}.
 */
public final class GatewayFlags {

    @Option(
            names = "--gateway-guardrail-failure-streak-threshold",
            paramLabel = "N",
            defaultValue = "" + GatewayGuardrails.DEFAULT_FAILURE_STREAK_THRESHOLD,
            description = "rollout_gate=hold when failure_streak reaches this (default: ${DEFAULT-VALUE}).")
    int failureStreakThreshold;

    @Option(
            names = "--gateway-guardrail-retryable-failures-threshold",
            paramLabel = "N",
            defaultValue = "" + GatewayGuardrails.DEFAULT_RETRYABLE_FAILURES_THRESHOLD,
            description = "rollout_gate=hold when last_retryable_failures reaches this (default: ${DEFAULT-VALUE}).")
    int retryableFailuresThreshold;

    @Option(
            names = "--gateway-http-host",
            paramLabel = "HOST",
            defaultValue = "${env:TAU_GATEWAY_HTTP_HOST:-127.0.0.1}",
            description =
                    "Interface of the gateway's HTTP ingress (env TAU_GATEWAY_HTTP_HOST, default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(
            names = "--gateway-http-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_GATEWAY_HTTP_PORT:-0}",
            description =
                    "Port of the gateway's HTTP ingress, 0 picks a free one (env TAU_GATEWAY_HTTP_PORT, default: ${DEFAULT-VALUE}).")
    int httpPort;

    private GatewayFlags() {}

    /** The gateway's flags: the runner's under {@code --gateway-}, and these. */
    public static RunnerFlags<GatewaySettings> create() {
        GatewayFlags own = new GatewayFlags();
        return RunnerFlags.of(GatewayVerticle.SERVICE, own, own::settings);
    }

    private GatewaySettings settings(RunnerSettings runner) {
        return new GatewaySettings(
                runner, new GatewayGuardrails(failureStreakThreshold, retryableFailuresThreshold), httpHost, httpPort);
    }
}
