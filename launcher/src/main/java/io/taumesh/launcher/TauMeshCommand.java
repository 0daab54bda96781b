package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshVersion;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.runner.FixtureException;
import io.taumesh.core.runner.StateException;
import io.taumesh.gateway.GatewayFlags;
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
        "Commands (at most one): --gateway-contract-runner, --gateway-status-inspect, --transport-health-inspect.",
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

  @Option(names = "--transport-health-inspect", paramLabel = "RUNTIME",
      description = "Print a runtime's transport health from its state dir (offline); RUNTIME: gateway.")
  String transportHealthInspect;

  @Option(names = "--transport-health-json", description = "With --transport-health-inspect: print JSON.")
  boolean transportHealthJson;

  @Mixin
  GatewayFlags gateway;

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
    if (commands.size() > 1) {
      throw usage("choose one command, not " + String.join(" and ", commands));
    }
    if (gatewayStatusJson && !gatewayStatusInspect) {
      throw usage("--gateway-status-json goes with --gateway-status-inspect");
    }
    if (transportHealthJson && transportHealthInspect == null) {
      throw usage("--transport-health-json goes with --transport-health-inspect");
    }
    try {
      if (transportHealthInspect != null) {
        if (!transportHealthInspect.equals(GatewayRuntime.RUNTIME)) {
          throw usage("--transport-health-inspect: unknown runtime '" + transportHealthInspect + "' (known: gateway)");
        }
        new StateInspection(System.out).transportHealth(GatewayRuntime.RUNTIME, gateway.stateDir, transportHealthJson);
        return 0;
      }
      if (gatewayStatusInspect) {
        new StateInspection(System.out).status(GatewayRuntime.RUNTIME, gateway.stateDir, gatewayStatusJson,
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

  private int runMesh() {
    NodeSettings settings;
    List<ServiceUnit> units;
    try {
      settings = node.toSettings();
      units = ServiceCatalog.select(services, Map.of(MeshService.GATEWAY, gatewaySettings().toConfig()));
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
    return new MeshProcess("tau-mesh").run(settings, units);
  }

  private GatewaySettings gatewaySettings() {
    try {
      return gateway.toSettings();
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
