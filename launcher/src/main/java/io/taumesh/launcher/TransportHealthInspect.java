package io.taumesh.launcher;

import io.taumesh.dashboard.DashboardRuntime;
import io.taumesh.gateway.GatewayRuntime;
import picocli.CommandLine.Option;

/** {@code --transport-health-inspect RUNTIME}: a runtime's transport health from its state dir, offline. */
final class TransportHealthInspect implements LauncherCommand {

    @Option(
            names = "--transport-health-inspect",
            paramLabel = "RUNTIME",
            required = true,
            description =
                    "Print a runtime's transport health from its state dir (offline); RUNTIME: gateway or dashboard.")
    String runtime;

    @Option(names = "--transport-health-json", description = "With --transport-health-inspect: print JSON.")
    boolean json;

    @Override
    public int run(Launch launch) throws Exception {
        StateInspection inspection = new StateInspection(launch.out());
        switch (runtime) {
            case GatewayRuntime.RUNTIME ->
                inspection.transportHealth(runtime, launch.gateway().stateDir(), json);
            case DashboardRuntime.RUNTIME ->
                inspection.transportHealth(runtime, launch.dashboard().stateDir(), json);
            default ->
                throw launch.usage(
                        "--transport-health-inspect: unknown runtime '" + runtime + "' (known: gateway, dashboard)");
        }
        return 0;
    }
}
