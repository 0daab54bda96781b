package io.taumesh.launcher;

import io.taumesh.core.bus.MeshService;
import io.taumesh.core.node.ConsoleLogging;
import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshVersion;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.NodeSettings;
import io.taumesh.core.node.RunnerFlags;
import io.taumesh.core.node.ServiceUnit;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.fixture.FixtureException;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.dashboard.DashboardVerticle;
import io.taumesh.gateway.GatewayFlags;
import io.taumesh.gateway.GatewaySettings;
import io.taumesh.launcher.daemon.DaemonOptions;
import io.taumesh.relay.RelayFlags;
import io.taumesh.supervisor.SupervisorFlags;
import io.taumesh.supervisor.SupervisorSettings;
import io.taumesh.supervisor.SupervisorVerticle;
import io.taumesh.webui.WebUiFlags;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
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
@Command(
        name = "tau-mesh",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        versionProvider = MeshVersion.class,
        description = {
            "Tau Mesh: supervisor, gateway and dashboard runners, IPC relay and web UI over a clustered "
                    + "Vert.x event bus.",
            "",
            "With no command flag it starts the all-in-one mesh: one clustered node on loopback hosting every "
                    + "service. It prints where its ops endpoint listens; Ctrl-C or SIGTERM stops it cleanly.",
            "",
            "Exit codes: 0 done, 1 failed (a state dir that cannot be read, a runner that could not finish), "
                    + "2 bad flags or fixture.",
            ""
        })
public final class TauMeshCommand implements Callable<Integer> {

    /** The commands, at most one; each takes the options that go with it, and picocli checks both. */
    static final class Commands {
        @ArgGroup(exclusive = false)
        GatewayCommands.ContractRunner gatewayContractRunner;

        @ArgGroup(exclusive = false)
        GatewayCommands.StatusInspect gatewayStatusInspect;

        @ArgGroup(exclusive = false)
        TransportHealthInspect transportHealthInspect;

        @ArgGroup(exclusive = false)
        ExplainCommand explain;

        @ArgGroup(exclusive = false)
        GateReplayCommands.DecisionsReplay decisionsReplay;

        @ArgGroup(exclusive = false)
        GateReplayCommands.GateBacktest gateBacktest;

        @ArgGroup(exclusive = false)
        DashboardCommands.ContractRunner dashboardContractRunner;

        @ArgGroup(exclusive = false)
        DashboardCommands.StatusInspect dashboardStatusInspect;

        @ArgGroup(exclusive = false)
        DashboardCommands.Reproject dashboardReproject;

        @ArgGroup(exclusive = false)
        DashboardCommands.CanaryInspect dashboardCanaryInspect;

        @ArgGroup(exclusive = false)
        SupervisorQueries.State supervisorState;

        @ArgGroup(exclusive = false)
        SupervisorQueries.Health supervisorHealth;

        @ArgGroup(exclusive = false)
        SupervisorQueries.Command supervisorCommand;

        @ArgGroup(exclusive = false)
        RelayWatchCommand relayWatch;

        @ArgGroup(exclusive = false)
        OperatorCommands.Add operatorAdd;

        @ArgGroup(exclusive = false)
        OperatorCommands.Remove operatorRemove;

        @ArgGroup(exclusive = false)
        CredentialsCommands.Rotate credentialsRotate;

        @ArgGroup(exclusive = false)
        CredentialsCommands.Export credentialsExport;

        @ArgGroup(exclusive = false)
        DaemonCommands.Install daemonInstall;

        @ArgGroup(exclusive = false)
        DaemonCommands.Uninstall daemonUninstall;

        @ArgGroup(exclusive = false)
        DaemonCommands.Start daemonStart;

        @ArgGroup(exclusive = false)
        DaemonCommands.Stop daemonStop;

        @ArgGroup(exclusive = false)
        DaemonCommands.Status daemonStatus;

        @ArgGroup(exclusive = false)
        DaemonCommands.Run daemonRun;

        @ArgGroup(exclusive = false)
        OnboardCommand onboard;

        @ArgGroup(exclusive = false)
        ExampleCommand example;

        /** The one command given: the one field picocli filled (each field above is a command; nothing else lists them). */
        LauncherCommand chosen() {
            for (Field field : Commands.class.getDeclaredFields()) {
                try {
                    if (field.get(this) instanceof LauncherCommand command) {
                        return command;
                    }
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
            throw new IllegalStateException("no command was given");
        }
    }

    @ArgGroup(
            exclusive = true,
            multiplicity = "0..1",
            heading = "%nCommands (at most one; with none, the mesh runs):%n")
    Commands commands;

    @Mixin
    RunnerFlags<GatewaySettings> gateway = GatewayFlags.create();

    @Mixin
    RunnerFlags<RunnerSettings> dashboard = RunnerFlags.of(DashboardVerticle.SERVICE);

    @Mixin
    SupervisorFlags supervisor;

    @Mixin
    RelayFlags relay;

    @Mixin
    WebUiFlags webUi;

    @Mixin
    NodeFlags node;

    @Mixin
    DaemonOptions daemon;

    @Mixin
    OperatorTarget target;

    @Option(
            names = "--services",
            paramLabel = "ID,...",
            split = ",",
            defaultValue = "${env:TAU_SERVICES:-supervisor,gateway,dashboard,relay,webui}",
            description = "Services the all-in-one node hosts (env TAU_SERVICES, default: ${DEFAULT-VALUE}).")
    List<String> services;

    @Option(
            names = "--relay-ops-port",
            paramLabel = "PORT",
            defaultValue = "${env:TAU_RELAY_OPS_PORT:-0}",
            description = "Ops port (/metrics, /health) of the relay process the mesh starts, 0 picks a free one "
                    + "(env TAU_RELAY_OPS_PORT, default: ${DEFAULT-VALUE}).")
    int relayOpsPort;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ConsoleLogging.use(node.logFormat());
        if (commands == null) {
            return runMesh();
        }
        Launch launch = new Launch(
                new Launch.ServiceFlags(gateway, dashboard, relay, node, supervisor),
                spec.commandLine(),
                System.out,
                System.err,
                daemon,
                target,
                this::runMesh);
        try {
            return commands.chosen().run(launch);
        } catch (StateException e) {
            System.err.println("tau-mesh: " + e.getMessage());
            return 1;
        } catch (FixtureException e) {
            System.err.println("tau-mesh: fixture rejected: " + e.getMessage());
            return 2;
        }
    }

    /**
     * With the supervisor among the services, the node runs the supervisor alone and the supervisor starts the
     * other services as its children (or the children of --supervisor-config); without it, the services directly.
     */
    private int runMesh() {
        return runMesh(MeshProcess.Listener.NONE);
    }

    private int runMesh(MeshProcess.Listener listener) {
        NodeSettings settings;
        List<ServiceUnit> units;
        try {
            settings = node.toSettings();
            if (relayOpsPort < 0 || relayOpsPort > 65535) {
                throw new IllegalArgumentException("--relay-ops-port must be between 0 and 65535, got " + relayOpsPort);
            }
            Map<MeshService, JsonObject> configs = Map.of(
                    MeshService.GATEWAY,
                    gateway.toConfig(),
                    MeshService.DASHBOARD,
                    dashboard.toConfig(),
                    MeshService.RELAY,
                    relay.toConfig(),
                    MeshService.WEB_UI,
                    webUi.toConfig());
            units = ServiceCatalog.select(services, configs);
            if (services.contains(MeshService.SUPERVISOR.id())) {
                JsonObject supervision = supervisor.configFile != null
                        ? supervisor.toConfig()
                        : new SupervisorSettings(
                                        null,
                                        ServiceCatalog.supervisionOf(services, configs, settings, relayOpsPort),
                                        supervisor.stateDir)
                                .toConfig()
                                .mergeIn(supervisor.heartbeat.toConfig());
                units = List.of(new ServiceUnit(MeshService.SUPERVISOR, SupervisorVerticle::new, supervision));
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Optional<String> conflict = SecondMeshCheck.conflict(
                services.contains(MeshService.GATEWAY.id()) ? gateway.stateDir() : null,
                services.contains(MeshService.DASHBOARD.id()) ? dashboard.stateDir() : null,
                services.contains(MeshService.RELAY.id()) ? Path.of(relay.path) : null);
        if (conflict.isPresent()) {
            System.err.println("tau-mesh: cannot start: " + conflict.get());
            System.err.println("tau-mesh: " + SecondMeshCheck.HOW_TO_RUN_A_SECOND);
            return 1;
        }
        return new MeshProcess("tau-mesh", listener).run(settings, units);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
