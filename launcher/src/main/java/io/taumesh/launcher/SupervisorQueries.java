package io.taumesh.launcher;

import io.taumesh.core.bus.Addresses;
import io.taumesh.core.node.NodeSettings;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Option;

/** Runbook 002's questions and commands to a running supervisor. */
final class SupervisorQueries {

  private SupervisorQueries() {
  }

  /** {@code --supervisor-state-json}: the running supervisor's {@code current_state()}. */
  static final class State implements LauncherCommand {
    @Option(names = "--supervisor-state-json", required = true,
        description = "Print the running supervisor's current_state() (joins the cluster to ask).")
    boolean on;

    @Override
    public int run(Launch launch) throws Exception {
      return ask(launch, Addresses.SUPERVISOR_STATE, new JsonObject());
    }
  }

  /** {@code --supervisor-health-json}: the running supervisor's {@code health()}. */
  static final class Health implements LauncherCommand {
    @Option(names = "--supervisor-health-json", required = true,
        description = "Print the running supervisor's health() (joins the cluster to ask).")
    boolean on;

    @Override
    public int run(Launch launch) throws Exception {
      return ask(launch, Addresses.SUPERVISOR_HEALTH, new JsonObject());
    }
  }

  /** {@code --supervisor-command COMMAND [--supervisor-child ID]}: a command to the running supervisor. */
  static final class Command implements LauncherCommand {
    @Option(names = "--supervisor-command", paramLabel = "COMMAND", required = true,
        description = "Send a command to the running supervisor: restart, quarantine, release, remove (with --supervisor-child), "
            + "or shutdown.")
    String command;

    @Option(names = "--supervisor-child", paramLabel = "ID", description = "The child a --supervisor-command is for.")
    String child;

    @Override
    public int run(Launch launch) throws Exception {
      JsonObject body = new JsonObject().put("schema_version", 1).put("command", command);
      if (child != null) {
        body.put("child_id", child);
      }
      return ask(launch, Addresses.SUPERVISOR_COMMAND, body);
    }
  }

  private static int ask(Launch launch, String address, JsonObject body) throws Exception {
    NodeSettings settings;
    try {
      settings = launch.node().toSettings();
    } catch (IllegalArgumentException e) {
      throw launch.usage(e.getMessage());
    }
    return new MeshClient(launch.out(), launch.err()).ask(settings.cluster(), address, body);
  }
}
