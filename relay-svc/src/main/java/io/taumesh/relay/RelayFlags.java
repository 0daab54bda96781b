package io.taumesh.relay;

import io.taumesh.core.node.ServiceFlags;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

/** The relay's flags. */
public final class RelayFlags implements ServiceFlags {

  @Option(names = "--dashboard-path", paramLabel = "PATH",
      defaultValue = "${env:TAU_DASHBOARD_PATH:-" + RelaySettings.DEFAULT_PATH + "}",
      description = "Unix socket of the dashboard IPC (env TAU_DASHBOARD_PATH, default: ${DEFAULT-VALUE}).")
  public String path;

  @Option(names = "--relay-slow-client-policy", paramLabel = "drop|disconnect", defaultValue = "drop",
      description = "What happens to a client that does not read its events fast enough (default: ${DEFAULT-VALUE}).")
  public String slowClientPolicy;

  @Override
  public JsonObject toConfig() {
    JsonObject relay = new JsonObject().put("path", path).put("slow_client_policy", slowClientPolicy);
    RelaySettings.fromConfig(new JsonObject().put("relay", relay)); // validates
    return new JsonObject().put("relay", relay);
  }
}
