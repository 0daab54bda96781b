package io.taumesh.relay;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Where the relay listens and how it treats its clients. */
record RelaySettings(Path path, int maxFrameBytes, boolean disconnectSlowClients, int slowClientDropLimit, long heartbeatMs) {

  static final String DEFAULT_PATH = "/tmp/supervisor.sock";

  static RelaySettings fromConfig(JsonObject config) {
    JsonObject r = config == null ? new JsonObject() : config.getJsonObject("relay", new JsonObject());
    String policy = r.getString("slow_client_policy", "drop");
    if (!policy.equals("drop") && !policy.equals("disconnect")) {
      throw new IllegalArgumentException("field_path=\"relay.slow_client_policy\": must be drop or disconnect, got " + policy);
    }
    return new RelaySettings(Path.of(r.getString("path", DEFAULT_PATH)), r.getInteger("max_frame_bytes", 64 * 1024),
        policy.equals("disconnect"), r.getInteger("slow_client_drop_limit", 1_000), r.getLong("heartbeat_ms", 1_000L));
  }
}
