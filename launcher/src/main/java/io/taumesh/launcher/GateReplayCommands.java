package io.taumesh.launcher;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.engine.GateReplay;
import io.taumesh.core.runner.engine.RunnerSettings;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.dashboard.CanaryReplay;
import io.taumesh.dashboard.DashboardGate;
import io.taumesh.dashboard.DashboardRuntime;
import io.taumesh.gateway.GatewayRuntime;
import io.taumesh.gateway.GatewaySettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Judging a runtime's recorded history again: as recorded ({@code --decisions-replay}) or under proposed thresholds. */
final class GateReplayCommands {

    /** Differences listed at most; the count says how many there were. */
    static final int LISTED = 20;

    private GateReplayCommands() {}

    /** {@code --decisions-replay RUNTIME}: every recorded verdict recomputed under its recorded policy; exit 1 on a difference. */
    static final class DecisionsReplay implements LauncherCommand {
        @Option(
                names = "--decisions-replay",
                paramLabel = "RUNTIME",
                required = true,
                description = "Recompute every recorded gate verdict of a runtime (gateway or dashboard) from its "
                        + "runtime-events.jsonl under the policy recorded in its decisions.jsonl, with the operator's "
                        + "streak resets, and for the dashboard every canary verdict of its canary-verdicts.jsonl, "
                        + "and list any that differ (offline; exit 1 when one does).")
        String runtime;

        @Override
        public int run(Launch launch) throws Exception {
            Path dir = stateDir(launch, runtime, "--decisions-replay");
            GateHistory history = new GateHistory(dir, runtime);
            RunnerStatus status = new RunnerInspector(dir, runtime).status();
            GateHistory.Judged judged =
                    history.judge(history.recordedPolicies(status.standing().rolloutPolicy()));
            launch.out()
                    .println(runtime + ": replayed " + GateHistory.cycles(judged.cycles()) + " of "
                            + dir.resolve("runtime-events.jsonl")
                            + " under " + Math.max(1, history.recordedPolicyCount()) + " recorded polic"
                            + (history.recordedPolicyCount() > 1 ? "ies" : "y") + ": "
                            + (judged.differing().isEmpty()
                                    ? "every verdict as recorded"
                                    : verdicts(judged.differing().size())
                                            + (judged.differing().size() == 1 ? " differs" : " differ")));
            judged.differing().stream()
                    .limit(LISTED)
                    .forEach(v -> launch.out()
                            .println("  cycle " + v.cycleId() + " (" + v.at() + "): recorded "
                                    + GateHistory.describe(v.recorded()) + ", replayed "
                                    + GateHistory.describe(v.judged())));
            boolean canaryAsRecorded = !runtime.equals(DashboardRuntime.RUNTIME) || canary(launch, dir);
            return judged.differing().isEmpty() && canaryAsRecorded ? 0 : 1;
        }

        /** The dashboard's canary verdicts replayed; whether every one is as recorded. */
        private static boolean canary(Launch launch, Path dir) throws Exception {
            CanaryReplay.Result r = CanaryReplay.of(dir);
            launch.out()
                    .println("dashboard canary: " + r.compared() + " of " + verdicts(r.recorded()) + " recorded in "
                            + dir.resolve("canary-verdicts.jsonl") + " judged again over "
                            + GateHistory.cycles(r.cyclesReplayed())
                            + (r.beforeHistory() == 0 ? "" : " (" + r.beforeHistory() + " before the kept history)")
                            + ": "
                            + (r.differing().isEmpty()
                                    ? "every verdict as recorded"
                                    : verdicts(r.differing().size())
                                            + (r.differing().size() == 1 ? " differs" : " differ")));
            r.differing().stream()
                    .limit(LISTED)
                    .forEach(d -> launch.out()
                            .println("  cycle " + d.cycleId() + " (" + d.at() + "): recorded " + d.recorded()
                                    + ", replayed " + d.replayed()));
            return r.differing().isEmpty();
        }
    }

    /** {@code --gate-backtest RUNTIME}: the recorded history judged under the thresholds given as flags. */
    static final class GateBacktest implements LauncherCommand {
        @Option(
                names = "--gate-backtest",
                paramLabel = "RUNTIME",
                required = true,
                description = "Judge a runtime's recorded history (gateway or dashboard) under the gate thresholds, "
                        + "window and dry run given as flags (--<runtime>-guardrail-*, --<runtime>-gate-*) and list "
                        + "the verdicts they would flip (offline; changes nothing).")
        String runtime;

        @Override
        public int run(Launch launch) throws Exception {
            Path dir = stateDir(launch, runtime, "--gate-backtest");
            RolloutPolicy proposed = proposed(launch, runtime);
            GateHistory.Judged judged = new GateHistory(dir, runtime).judge(cycle -> proposed);
            long toPass = judged.differing().stream()
                    .filter(v -> v.recorded().gate() == RolloutGate.HOLD
                            && v.judged().gate() == RolloutGate.PASS)
                    .count();
            long toHold = judged.differing().stream()
                    .filter(v -> v.recorded().gate() == RolloutGate.PASS
                            && v.judged().gate() == RolloutGate.HOLD)
                    .count();
            launch.out()
                    .println(runtime + " backtest: " + GateHistory.cycles(judged.cycles()) + " judged under "
                            + GateDecision.version(proposed.describe()) + " "
                            + MeshJson.toJson(proposed.describe().getMap()).encode() + ": "
                            + verdicts(judged.differing().size()) + " would change (pass to hold " + toHold
                            + ", hold to pass " + toPass + ", the same gate for other reasons "
                            + (judged.differing().size() - toHold - toPass) + ")");
            for (GateReplay.Verdict v :
                    judged.differing().stream().limit(LISTED).toList()) {
                launch.out()
                        .println("  cycle " + v.cycleId() + " (" + v.at() + "): " + GateHistory.describe(v.recorded())
                                + " -> " + GateHistory.describe(v.judged()));
            }
            return 0;
        }

        private static RolloutPolicy proposed(Launch launch, String runtime) {
            if (runtime.equals(GatewayRuntime.RUNTIME)) {
                GatewaySettings settings = launch.gatewaySettings();
                return settings.runner()
                        .dryRun()
                        .over(settings.runner().gateWindow().over(settings.guardrails()));
            }
            RunnerSettings dashboard = launch.dashboardSettings();
            return dashboard.dryRun().over(dashboard.gateWindow().over(DashboardGate.INSTANCE));
        }
    }

    private static String verdicts(int n) {
        return n + (n == 1 ? " verdict" : " verdicts");
    }

    static Path stateDir(Launch launch, String runtime, String flag) {
        return switch (runtime) {
            case GatewayRuntime.RUNTIME -> launch.gateway().stateDir();
            case DashboardRuntime.RUNTIME -> launch.dashboard().stateDir();
            default -> throw launch.usage(flag + ": unknown runtime '" + runtime + "' (known: gateway, dashboard)");
        };
    }
}
