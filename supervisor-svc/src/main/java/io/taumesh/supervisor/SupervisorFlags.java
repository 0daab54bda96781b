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
    return configFile == null ? SupervisorSettings.NO_CHILDREN.toConfig()
        : new SupervisorSettings(configFile.toAbsolutePath(), null).toConfig();
  }
}
