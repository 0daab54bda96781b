package io.taumesh.launcher;

import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshVersion;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tau-mesh}: with no command flag, runs the all-in-one mesh on one clustered node. */
@Command(name = "tau-mesh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = MeshVersion.class,
    description = {
        "Tau Mesh: supervisor, gateway and dashboard runners, IPC relay and web UI over a clustered "
            + "Vert.x event bus.",
        "",
        "With no command flag it starts the all-in-one mesh: one clustered node on loopback hosting every "
            + "service. It prints where its ops endpoint listens; Ctrl-C or SIGTERM stops it cleanly.",
        ""})
public final class TauMeshCommand implements Callable<Integer> {

  @Mixin
  NodeFlags node;

  @Option(names = "--services", paramLabel = "ID,...", split = ",",
      defaultValue = "${env:TAU_SERVICES:-supervisor,gateway,dashboard,relay,webui}",
      description = "Services this node hosts (env TAU_SERVICES, default: ${DEFAULT-VALUE}).")
  List<String> services;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    NodeSettings settings;
    List<ServiceUnit> units;
    try {
      settings = node.toSettings();
      units = ServiceCatalog.select(services);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    return new MeshProcess("tau-mesh").run(settings, units);
  }
}
