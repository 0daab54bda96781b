package io.taumesh.gateway;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.taumesh.core.runner.engine.RetryPolicy;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;

/**
 * How the gateway runs: the runner's settings, its guardrails, and where its HTTP ingress listens. The
 * one settings record of the gateway: built from flags, carried in the verticle's config as
 * {@code {"gateway": {...}}}, validated once, here.
 */
public record GatewaySettings(
        @JsonUnwrapped RunnerSettings runner,
        @JsonUnwrapped GatewayGuardrails guardrails,
        String httpHost,
        int httpPort) {

    static final String CONFIG_KEY = "gateway";
    public static final String DEFAULT_STATE_DIR = ".tau/gateway";
    /**
     * Each cycle forces its outputs, state and event line to disk (about 3 ms plus 0.3 ms per channel here);
     * 512 cases a cycle spread that over enough work for more than 20k cases/s (bench/REPORT.md, runner).
     */
    public static final int DEFAULT_QUEUE_LIMIT = 512;

    public static final long DEFAULT_CYCLE_INTERVAL_MS = 1_000;

    public GatewaySettings {
        if (runner == null) {
            throw new FieldError("state_dir", "is required");
        }
        if (guardrails == null) {
            guardrails = GatewayGuardrails.DEFAULT;
        }
        if (httpHost == null || httpHost.isBlank()) {
            throw new FieldError("http_host", "must not be blank");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new FieldError("http_port", "must be between 0 and 65535, got " + httpPort);
        }
    }

    public GatewaySettings(
            Path stateDir,
            List<Path> fixtures,
            int queueLimit,
            long cycleIntervalMs,
            RetryPolicy retry,
            GatewayGuardrails guardrails,
            String httpHost,
            int httpPort) {
        this(
                new RunnerSettings(stateDir, fixtures, queueLimit, cycleIntervalMs, retry),
                guardrails,
                httpHost,
                httpPort);
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(
                Path.of(DEFAULT_STATE_DIR),
                List.of(),
                DEFAULT_QUEUE_LIMIT,
                DEFAULT_CYCLE_INTERVAL_MS,
                RetryPolicy.DEFAULT,
                GatewayGuardrails.DEFAULT,
                "127.0.0.1",
                0);
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

    /** The settings as a verticle's deployment config. */
    public JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    /** Reads {@link #toConfig()}; what the config leaves out is the default. */
    public static GatewaySettings fromConfig(JsonObject config) {
        return ServiceConfig.read(config, CONFIG_KEY, GatewaySettings.class, defaults());
    }
}
