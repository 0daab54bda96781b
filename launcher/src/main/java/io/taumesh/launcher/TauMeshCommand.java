package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshVersion;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.runner.FixtureException;
import io.taumesh.core.runner.StateException;
import io.taumesh.dashboard.DashboardFlags;
import io.taumesh.dashboard.DashboardInspection;
import io.taumesh.dashboard.DashboardRuntime;
import io.taumesh.dashboard.DashboardSettings;
import io.taumesh.core.bus.Addresses;
import io.taumesh.gateway.GatewayFlags;
import io.taumesh.relay.RelayFlags;
import io.taumesh.webui.WebUiFlags;
import io.taumesh.supervisor.SupervisorFlags;
import io.taumesh.supervisor.SupervisorSettings;
import io.taumesh.supervisor.SupervisorVerticle;
import io.vertx.core.json.JsonObject;
import io.taumesh.gateway.GatewayRuntime;
import io.taumesh.gateway.GatewaySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tau-mesh}: the runbooks' commands. With no command flag it runs the all-in-one mesh on one
 * clustered node; the inspect flags read a state dir offline; a contract-runner flag runs that runner in
 * the foreground until its fixtures are drained.
 */
@Command(name = "tau-mesh", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    versionProvider = MeshVersion.class,
    description = {
        "Tau Mesh: supervisor, gateway and dashboard runners, IPC relay and web UI over a clustered "
            + "Vert.x event bus.",
        "",
        "With no command flag it starts the all-in-one mesh: one clustered node on loopback hosting every "
            + "service. It prints where its ops endpoint listens; Ctrl-C or SIGTERM stops it cleanly.",
        "",
        "Commands (at most one): --gateway-contract-runner, --gateway-status-inspect, --dashboard-contract-runner, "
            + "--dashboard-status-inspect, --dashboard-reproject, --dashboard-canary-inspect, --transport-health-inspect, "
            + "--supervisor-state-json, --supervisor-health-json, --supervisor-command, --relay-watch.",
        "Exit codes: 0 done, 1 failed (a state dir that cannot be read, a runner that could not finish), "
            + "2 bad flags or fixture.",
        ""})
public final class TauMeshCommand implements Callable<Integer> {

  @Option(names = "--gateway-contract-runner",
      description = "Run the gateway contract runner on --gateway-fixture until drained, then exit (runbook 001).")
  boolean gatewayContractRunner;

  @Option(names = "--gateway-max-cycles", paramLabel = "N", defaultValue = "100000",
      description = "Stop the contract runner after this many cycles even if cases remain (default: ${DEFAULT-VALUE}).")
  int gatewayMaxCycles;

  @Option(names = "--gateway-status-inspect",
      description = "Print the gateway's status and rollout gate from --gateway-state-dir (offline).")
  boolean gatewayStatusInspect;

  @Option(names = "--gateway-status-json", description = "With --gateway-status-inspect: print JSON.")
  boolean gatewayStatusJson;

  @Option(names = "--dashboard-contract-runner",
      description = "Run the dashboard contract runner on --dashboard-fixture until drained, then exit (runbook 000).")
  boolean dashboardContractRunner;

  @Option(names = "--dashboard-max-cycles", paramLabel = "N", defaultValue = "100000",
      description = "Stop the dashboard runner after this many cycles even if cases remain (default: ${DEFAULT-VALUE}).")
  int dashboardMaxCycles;

  @Option(names = "--dashboard-status-inspect",
      description = "Print the dashboard's status and rollout gate from --dashboard-state-dir (offline).")
  boolean dashboardStatusInspect;

  @Option(names = "--dashboard-status-json", description = "With --dashboard-status-inspect: print JSON.")
  boolean dashboardStatusJson;

  @Option(names = "--dashboard-reproject",
      description = "Rebuild the widget views from runtime-events.jsonl and compare the summary hash with the stored one (JSON; exit 1 on a mismatch).")
  boolean dashboardReproject;

  @Option(names = "--dashboard-canary-inspect",
      description = "Evaluate runbook 000's canary phases from the dashboard's event history (offline).")
  boolean dashboardCanaryInspect;

  @Option(names = "--dashboard-canary-json", description = "With --dashboard-canary-inspect: print JSON.")
  boolean dashboardCanaryJson;

  @Option(names = "--dashboard-canary-signoff-complete",
      description = "With --dashboard-canary-inspect: the release sign-off checklist is complete (for general availability).")
  boolean dashboardCanarySignoff;

  @Option(names = "--transport-health-inspect", paramLabel = "RUNTIME",
      description = "Print a runtime's transport health from its state dir (offline); RUNTIME: gateway or dashboard.")
  String transportHealthInspect;

  @Option(names = "--transport-health-json", description = "With --transport-health-inspect: print JSON.")
  boolean transportHealthJson;

  @Mixin
  GatewayFlags gateway;

  @Mixin
  DashboardFlags dashboard;

  @Mixin
  SupervisorFlags supervisor;

  @Option(names = "--supervisor-state-json", description = "Print the running supervisor's current_state() (joins the cluster to ask).")
  boolean supervisorStateJson;

  @Option(names = "--supervisor-health-json", description = "Print the running supervisor's health() (joins the cluster to ask).")
  boolean supervisorHealthJson;

  @Option(names = "--supervisor-command", paramLabel = "COMMAND",
      description = "Send a command to the running supervisor: restart, quarantine, release, remove (with --supervisor-child), or shutdown.")
  String supervisorCommand;

  @Option(names = "--supervisor-child", paramLabel = "ID", description = "The child a --supervisor-command is for.")
  String supervisorChild;

  @Mixin
  RelayFlags relay;

  @Mixin
  WebUiFlags webUi;

  @Option(names = "--relay-watch", description = "Connect to the relay's socket (--dashboard-path) and print its live feed, one JSON frame a line.")
  boolean relayWatch;

  @Option(names = "--relay-watch-frames", paramLabel = "N", defaultValue = "0",
      description = "With --relay-watch: stop after N frames (default: ${DEFAULT-VALUE}, never).")
  int relayWatchFrames;

  @Mixin
  NodeFlags node;

  @Option(names = "--services", paramLabel = "ID,...", split = ",",
      defaultValue = "${env:TAU_SERVICES:-supervisor,gateway,dashboard,relay,webui}",
      description = "Services the all-in-one node hosts (env TAU_SERVICES, default: ${DEFAULT-VALUE}).")
  List<String> services;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<String> commands = new ArrayList<>();
    if (gatewayContractRunner) {
      commands.add("--gateway-contract-runner");
    }
    if (gatewayStatusInspect) {
      commands.add("--gateway-status-inspect");
    }
    if (transportHealthInspect != null) {
      commands.add("--transport-health-inspect");
    }
    if (dashboardContractRunner) {
      commands.add("--dashboard-contract-runner");
    }
    if (dashboardStatusInspect) {
      commands.add("--dashboard-status-inspect");
    }
    if (dashboardReproject) {
      commands.add("--dashboard-reproject");
    }
    if (dashboardCanaryInspect) {
      commands.add("--dashboard-canary-inspect");
    }
    if (supervisorStateJson) {
      commands.add("--supervisor-state-json");
    }
    if (supervisorHealthJson) {
      commands.add("--supervisor-health-json");
    }
    if (supervisorCommand != null) {
      commands.add("--supervisor-command");
    }
    if (relayWatch) {
      commands.add("--relay-watch");
    }
    if (commands.size() > 1) {
      throw usage("choose one command, not " + String.join(" and ", commands));
    }
    if (gatewayStatusJson && !gatewayStatusInspect) {
      throw usage("--gateway-status-json goes with --gateway-status-inspect");
    }
    if (transportHealthJson && transportHealthInspect == null) {
      throw usage("--transport-health-json goes with --transport-health-inspect");
    }
    if (dashboardStatusJson && !dashboardStatusInspect) {
      throw usage("--dashboard-status-json goes with --dashboard-status-inspect");
    }
    if ((dashboardCanaryJson || dashboardCanarySignoff) && !dashboardCanaryInspect) {
      throw usage("--dashboard-canary-json and --dashboard-canary-signoff-complete go with --dashboard-canary-inspect");
    }
    if (supervisorStateJson || supervisorHealthJson || supervisorCommand != null) {
      return askSupervisor();
    }
    if (relayWatch) {
      return new RelayWatch(System.out, System.err).watch(java.nio.file.Path.of(relay.path), relayWatchFrames);
    }
    try {
      StateInspection inspection = new StateInspection(System.out);
      if (transportHealthInspect != null) {
        switch (transportHealthInspect) {
          case GatewayRuntime.RUNTIME -> inspection.transportHealth(GatewayRuntime.RUNTIME, gateway.stateDir, transportHealthJson);
          case DashboardRuntime.RUNTIME -> inspection.transportHealth(DashboardRuntime.RUNTIME, dashboard.stateDir, transportHealthJson);
          default -> throw usage("--transport-health-inspect: unknown runtime '" + transportHealthInspect + "' (known: gateway, dashboard)");
        }
        return 0;
      }
      if (dashboardStatusInspect) {
        inspection.status(DashboardRuntime.RUNTIME, dashboard.stateDir, dashboardStatusJson, null);
        return 0;
      }
      if (dashboardReproject) {
        DashboardInspection.Reprojection r = inspection.reproject(dashboard.stateDir);
        if (Boolean.FALSE.equals(r.matches())) {
          System.err.println("tau-mesh: the rebuilt widget views differ from " + DashboardRuntime.WIDGET_VIEWS + " (stored hash "
              + r.storedSummaryHash() + ", rebuilt " + r.summaryHash() + ")");
          return 1;
        }
        return 0;
      }
      if (dashboardCanaryInspect) {
        inspection.canary(dashboard.stateDir, dashboardCanaryJson, dashboardCanarySignoff);
        return 0;
      }
      if (dashboardContractRunner) {
        DashboardSettings settings = dashboardSettings();
        if (settings.fixtures().isEmpty()) {
          throw usage("--dashboard-contract-runner needs --dashboard-fixture FILE");
        }
        if (dashboardMaxCycles < 1) {
          throw usage("--dashboard-max-cycles must be at least 1, got " + dashboardMaxCycles);
        }
        new ContractRunnerMode(System.out).runDashboard(settings, dashboardMaxCycles);
        return 0;
      }
      if (gatewayStatusInspect) {
        inspection.status(GatewayRuntime.RUNTIME, gateway.stateDir, gatewayStatusJson,
            guardrailsGiven() ? gatewaySettings().guardrails() : null);
        return 0;
      }
      if (gatewayContractRunner) {
        GatewaySettings settings = gatewaySettings();
        if (settings.fixtures().isEmpty()) {
          throw usage("--gateway-contract-runner needs --gateway-fixture FILE");
        }
        if (gatewayMaxCycles < 1) {
          throw usage("--gateway-max-cycles must be at least 1, got " + gatewayMaxCycles);
        }
        new ContractRunnerMode(System.out).runGateway(settings, gatewayMaxCycles);
        return 0;
      }
    } catch (StateException e) {
      System.err.println("tau-mesh: " + e.getMessage());
      return 1;
    } catch (FixtureException e) {
      System.err.println("tau-mesh: fixture rejected: " + e.getMessage());
      return 2;
    }
    return runMesh();
  }

  /**
   * With the supervisor among the services, the node runs the supervisor alone and the supervisor starts the
   * other services as its children (or the children of --supervisor-config); without it, the services directly.
   */
  private int runMesh() {
    NodeSettings settings;
    List<ServiceUnit> units;
    try {
      settings = node.toSettings();
      Map<MeshService, JsonObject> configs = Map.of(MeshService.GATEWAY, gatewaySettings().toConfig(),
          MeshService.DASHBOARD, dashboardSettings().toConfig(), MeshService.RELAY, relay.toConfig(),
          MeshService.WEB_UI, webUi.toConfig());
      units = ServiceCatalog.select(services, configs);
      if (services.contains(MeshService.SUPERVISOR.id())) {
        JsonObject supervision = supervisor.configFile != null ? supervisor.toConfig()
            : new SupervisorSettings(null, ServiceCatalog.supervisionOf(services, configs, settings.cluster().host())).toConfig();
        units = List.of(new ServiceUnit(MeshService.SUPERVISOR, SupervisorVerticle::new, supervision));
      }
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    java.util.Optional<String> conflict = SecondMeshCheck.conflict(
        services.contains(MeshService.GATEWAY.id()) ? gateway.stateDir : null,
        services.contains(MeshService.DASHBOARD.id()) ? dashboard.stateDir : null,
        services.contains(MeshService.RELAY.id()) ? java.nio.file.Path.of(relay.path) : null);
    if (conflict.isPresent()) {
      System.err.println("tau-mesh: cannot start: " + conflict.get());
      System.err.println("tau-mesh: " + SecondMeshCheck.HOW_TO_RUN_A_SECOND);
      return 1;
    }
    return new MeshProcess("tau-mesh").run(settings, units);
  }

  private int askSupervisor() throws Exception {
    JsonObject body = new JsonObject();
    String address;
    if (supervisorCommand != null) {
      address = Addresses.SUPERVISOR_COMMAND;
      body.put("schema_version", 1).put("command", supervisorCommand);
      if (supervisorChild != null) {
        body.put("child_id", supervisorChild);
      }
    } else {
      address = supervisorStateJson ? Addresses.SUPERVISOR_STATE : Addresses.SUPERVISOR_HEALTH;
    }
    NodeSettings settings;
    try {
      settings = node.toSettings();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return new MeshClient(System.out, System.err).ask(settings.cluster(), address, body);
  }

  private GatewaySettings gatewaySettings() {
    try {
      return gateway.toSettings();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private DashboardSettings dashboardSettings() {
    try {
      return dashboard.toSettings();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private boolean guardrailsGiven() {
    var parsed = spec.commandLine().getParseResult();
    return parsed.hasMatchedOption("--gateway-guardrail-failure-streak-threshold")
        || parsed.hasMatchedOption("--gateway-guardrail-retryable-failures-threshold");
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
