package io.taumesh.gateway;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.contract.FieldError;
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
        return new GatewaySettings(GatewayVerticle.SERVICE.defaults(), GatewayGuardrails.DEFAULT, "127.0.0.1", 0);
    }

    /** The settings as a verticle's deployment config. */
    public JsonObject toConfig() {
        return GatewayVerticle.SERVICE.toConfig(this);
    }

    /** Reads {@link #toConfig()}; what the config leaves out is the default. */
    public static GatewaySettings fromConfig(JsonObject config) {
        return GatewayVerticle.SERVICE.fromConfig(config, GatewaySettings.class, defaults());
    }
}
