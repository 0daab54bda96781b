package io.taumesh.supervisor;

import io.taumesh.core.node.ServiceFlags;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The supervisor's flags, shared by {@code supervisor-svc} and {@code tau-mesh}. */
public final class SupervisorFlags implements ServiceFlags {

  @Option(names = "--supervisor-config", paramLabel = "FILE", defaultValue = "${env:TAU_SUPERVISOR_CONFIG}",
      description = "Supervision config: the children and their restart policies (format: docs/supervisor.md; env TAU_SUPERVISOR_CONFIG).")
  public Path configFile;

  @Override
  public JsonObject toConfig() {
    JsonObject supervisor = new JsonObject();
    if (configFile != null) {
      supervisor.put("config_file", configFile.toAbsolutePath().toString());
    }
    return new JsonObject().put("supervisor", supervisor);
  }
}
