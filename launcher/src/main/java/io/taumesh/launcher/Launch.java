package io.taumesh.launcher;

import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.core.node.RunnerFlags;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.gateway.GatewaySettings;
import io.taumesh.launcher.daemon.DaemonOptions;
import io.taumesh.relay.RelayFlags;
import io.taumesh.supervisor.SupervisorFlags;
import java.io.PrintStream;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * What a command of {@code tau-mesh} runs with: the service flags every command shares, where to print, and the
 * all-in-one mesh itself ({@code mesh}: runs it in the foreground with a listener, as the daemon does).
 */
record Launch(
        ServiceFlags services,
        CommandLine commandLine,
        PrintStream out,
        PrintStream err,
        DaemonOptions daemon,
        OperatorTarget target,
        ToIntFunction<MeshProcess.Listener> mesh) {

    /** The flags of the services and of the node, as every command shares them. */
    record ServiceFlags(
            RunnerFlags<GatewaySettings> gateway,
            RunnerFlags<RunnerSettings> dashboard,
            RelayFlags relay,
            NodeFlags node,
            SupervisorFlags supervisor) {}

    RunnerFlags<GatewaySettings> gateway() {
        return services.gateway();
    }

    RunnerFlags<RunnerSettings> dashboard() {
        return services.dashboard();
    }

    RelayFlags relay() {
        return services.relay();
    }

    NodeFlags node() {
        return services.node();
    }

    SupervisorFlags supervisor() {
        return services.supervisor();
    }

    /** A usage error: said in one line with a pointer to --help (UsageErrors), exit 2. */
    ParameterException usage(String message) {
        return new ParameterException(commandLine, message);
    }

    boolean given(String option) {
        return commandLine.getParseResult().hasMatchedOption(option);
    }

    GatewaySettings gatewaySettings() {
        return settings(gateway());
    }

    RunnerSettings dashboardSettings() {
        return settings(dashboard());
    }

    private <S> S settings(RunnerFlags<S> flags) {
        try {
            return flags.toSettings();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
