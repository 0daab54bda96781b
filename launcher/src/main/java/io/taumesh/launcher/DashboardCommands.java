package io.taumesh.launcher;

import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.dashboard.DashboardInspection;
import io.taumesh.dashboard.DashboardRuntime;
import picocli.CommandLine.Option;

/** Runbook 000's commands. */
final class DashboardCommands {

    private DashboardCommands() {}

    /** {@code --dashboard-contract-runner}: the fixtures run in the foreground until drained. */
    static final class ContractRunner implements LauncherCommand {
        @Option(
                names = "--dashboard-contract-runner",
                required = true,
                description =
                        "Run the dashboard contract runner on --dashboard-fixture until drained, then exit (runbook 000).")
        boolean on;

        @Option(
                names = "--dashboard-max-cycles",
                paramLabel = "N",
                defaultValue = "100000",
                description =
                        "Stop the dashboard runner after this many cycles even if cases remain (default: ${DEFAULT-VALUE}).")
        int maxCycles;

        @Override
        public int run(Launch launch) throws Exception {
            RunnerSettings settings = launch.dashboardSettings();
            if (settings.fixtures().isEmpty()) {
                throw launch.usage("--dashboard-contract-runner needs --dashboard-fixture FILE");
            }
            if (maxCycles < 1) {
                throw launch.usage("--dashboard-max-cycles must be at least 1, got " + maxCycles);
            }
            new ContractRunnerMode(launch.out()).runDashboard(settings, maxCycles);
            return 0;
        }
    }

    /** {@code --dashboard-status-inspect}: status and rollout gate from the state dir, offline. */
    static final class StatusInspect implements LauncherCommand {
        @Option(
                names = "--dashboard-status-inspect",
                required = true,
                description = "Print the dashboard's status and rollout gate from --dashboard-state-dir (offline).")
        boolean on;

        @Option(names = "--dashboard-status-json", description = "With --dashboard-status-inspect: print JSON.")
        boolean json;

        @Override
        public int run(Launch launch) throws Exception {
            new StateInspection(launch.out())
                    .status(DashboardRuntime.RUNTIME, launch.dashboard().stateDir(), json, null);
            return 0;
        }
    }

    /** {@code --dashboard-reproject}: rebuild the widget views from the event log and compare the hash. */
    static final class Reproject implements LauncherCommand {
        @Option(
                names = "--dashboard-reproject",
                required = true,
                description =
                        "Rebuild the widget views from runtime-events.jsonl and compare the summary hash with the stored one "
                                + "(JSON; exit 1 on a mismatch).")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            DashboardInspection.Reprojection r = new StateInspection(launch.out())
                    .reproject(launch.dashboard().stateDir());
            if (Boolean.FALSE.equals(r.matches())) {
                launch.err()
                        .println("tau-mesh: the rebuilt widget views differ from " + DashboardRuntime.WIDGET_VIEWS
                                + " (stored hash " + r.storedSummaryHash() + ", rebuilt " + r.summaryHash() + ")");
                return 1;
            }
            return 0;
        }
    }

    /** {@code --dashboard-canary-inspect}: runbook 000's canary phases from the event history. */
    static final class CanaryInspect implements LauncherCommand {
        @Option(
                names = "--dashboard-canary-inspect",
                required = true,
                description =
                        "Evaluate runbook 000's canary phases from the dashboard's event history and the operator's recorded decisions (offline; decisions: the canary_* control actions).")
        boolean on;

        @Option(names = "--dashboard-canary-json", description = "With --dashboard-canary-inspect: print JSON.")
        boolean json;

        @Override
        public int run(Launch launch) throws Exception {
            new StateInspection(launch.out()).canary(launch.dashboard().stateDir(), json);
            return 0;
        }
    }
}
