package io.taumesh.relay;

import io.taumesh.core.contract.FieldError;
import io.taumesh.core.node.ServiceConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Where the relay listens and how it treats its clients: carried as {@code {"relay": {...}}}, validated once, here. */
public record RelaySettings(
        Path path, SlowClientPolicy slowClientPolicy, int maxFrameBytes, int slowClientDropLimit, long heartbeatMs) {

    static final String CONFIG_KEY = "relay";
    static final String DEFAULT_PATH = "/tmp/supervisor.sock";
    static final RelaySettings DEFAULTS =
            new RelaySettings(Path.of(DEFAULT_PATH), SlowClientPolicy.DROP, 64 * 1024, 1_000, 1_000);

    public RelaySettings {
        if (path == null || path.toString().isBlank()) {
            throw new FieldError("path", "is required");
        }
        if (slowClientPolicy == null) {
            throw new FieldError("slow_client_policy", "must be drop or disconnect");
        }
        if (maxFrameBytes < 256 || maxFrameBytes > 16 * 1024 * 1024) {
            throw new FieldError("max_frame_bytes", "must be between 256 and 16777216, got " + maxFrameBytes);
        }
        if (slowClientDropLimit < 1) {
            throw new FieldError("slow_client_drop_limit", "must be at least 1, got " + slowClientDropLimit);
        }
        if (heartbeatMs < 10 || heartbeatMs > 60_000) {
            throw new FieldError("heartbeat_ms", "must be between 10 and 60000, got " + heartbeatMs);
        }
    }

    boolean disconnectSlowClients() {
        return slowClientPolicy == SlowClientPolicy.DISCONNECT;
    }

    JsonObject toConfig() {
        return ServiceConfig.of(CONFIG_KEY, this);
    }

    static RelaySettings fromConfig(JsonObject config) {
        return ServiceConfig.read(config, CONFIG_KEY, RelaySettings.class, DEFAULTS);
    }
}
