package io.taumesh.launcher;

import io.taumesh.gateway.GatewayRuntime;
import io.taumesh.gateway.GatewaySettings;
import picocli.CommandLine.Option;

/** Runbook 001's commands. */
final class GatewayCommands {

    private GatewayCommands() {}

    /** {@code --gateway-contract-runner}: the fixtures run in the foreground until drained. */
    static final class ContractRunner implements LauncherCommand {
        @Option(
                names = "--gateway-contract-runner",
                required = true,
                description =
                        "Run the gateway contract runner on --gateway-fixture until drained, then exit (runbook 001).")
        boolean on;

        @Option(
                names = "--gateway-max-cycles",
                paramLabel = "N",
                defaultValue = "100000",
                description =
                        "Stop the contract runner after this many cycles even if cases remain (default: ${DEFAULT-VALUE}).")
        int maxCycles;

        @Override
        public int run(Launch launch) throws Exception {
            GatewaySettings settings = launch.gatewaySettings();
            if (settings.runner().fixtures().isEmpty()) {
                throw launch.usage("--gateway-contract-runner needs --gateway-fixture FILE");
            }
            if (maxCycles < 1) {
                throw launch.usage("--gateway-max-cycles must be at least 1, got " + maxCycles);
            }
            new ContractRunnerMode(launch.out()).runGateway(settings, maxCycles);
            return 0;
        }
    }

    /** {@code --gateway-status-inspect}: status and rollout gate from the state dir, offline. */
    static final class StatusInspect implements LauncherCommand {
        @Option(
                names = "--gateway-status-inspect",
                required = true,
                description = "Print the gateway's status and rollout gate from --gateway-state-dir (offline).")
        boolean on;

        @Option(names = "--gateway-status-json", description = "With --gateway-status-inspect: print JSON.")
        boolean json;

        @Override
        public int run(Launch launch) throws Exception {
            // Guardrail flags given on the command line re-evaluate the stored state under them.
            boolean guardrails = launch.given("--gateway-guardrail-failure-streak-threshold")
                    || launch.given("--gateway-guardrail-retryable-failures-threshold");
            new StateInspection(launch.out())
                    .status(
                            GatewayRuntime.RUNTIME,
                            launch.gateway().stateDir(),
                            json,
                            guardrails ? launch.gatewaySettings().guardrails() : null);
            return 0;
        }
    }
}
