package io.taumesh.launcher;

import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.NodeFlags;
import io.taumesh.dashboard.DashboardFlags;
import io.taumesh.dashboard.DashboardSettings;
import io.taumesh.gateway.GatewayFlags;
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
        GatewayFlags gateway,
        DashboardFlags dashboard,
        RelayFlags relay,
        NodeFlags node,
        CommandLine commandLine,
        PrintStream out,
        PrintStream err,
        SupervisorFlags supervisor,
        DaemonOptions daemon,
        OperatorTarget target,
        ToIntFunction<MeshProcess.Listener> mesh) {

    /** A usage error: picocli prints it with the usage hint and exits 2. */
    ParameterException usage(String message) {
        return new ParameterException(commandLine, message);
    }

    boolean given(String option) {
        return commandLine.getParseResult().hasMatchedOption(option);
    }

    GatewaySettings gatewaySettings() {
        try {
            return gateway.toSettings();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    DashboardSettings dashboardSettings() {
        try {
            return dashboard.toSettings();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }
}
