package io.taumesh.launcher;

import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.dashboard.DashboardRuntime;
import io.taumesh.gateway.GatewayRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --explain RUNTIME|DECISION_ID|CHILD}: the rule, the numbers and the cycles behind a runtime's gate verdict,
 * from its state dir (offline): the latest decision recorded, or the one named by its id; or what the supervisor
 * decided of a child, from its markers.
 */
final class ExplainCommand implements LauncherCommand {

    @Option(
            names = "--explain",
            paramLabel = "RUNTIME|DECISION_ID|CHILD",
            required = true,
            description = "Print in plain words the rule, the numbers and the cycles behind a runtime's latest gate "
                    + "decision (RUNTIME: gateway or dashboard), or behind a recorded one by its id (such as "
                    + "gateway:gate:43), from the runtime's state dir; the dashboard's canary verdict "
                    + "(dashboard:canary, or dashboard:canary:<cycle> for a recorded one); or a supervisor child's "
                    + "last restarts, quarantine and release, from --supervisor-state-dir (CHILD: its id, or "
                    + "child:<id>) (offline).")
    String target;

    static final String CHILD = "child:";
    /** The markers of a child that the explanation lists, newest last. */
    static final int CHILD_MARKERS = 5;

    @Override
    public int run(Launch launch) throws Exception {
        int colon = target.indexOf(':');
        String runtime = colon < 0 ? target : target.substring(0, colon);
        boolean isRuntime = runtime.equals(GatewayRuntime.RUNTIME) || runtime.equals(DashboardRuntime.RUNTIME);
        if (target.equals(CanaryExplanation.PREFIX) || target.startsWith(CanaryExplanation.PREFIX + ":")) {
            return new CanaryExplanation(launch.out(), launch.err())
                    .print(launch.dashboard().stateDir(), target);
        }
        if (target.startsWith(CHILD) || (colon < 0 && !isRuntime)) {
            String child = target.startsWith(CHILD) ? target.substring(CHILD.length()) : target;
            return new ChildExplanation(launch.out()).print(launch.supervisor().stateDir, child);
        }
        if (!isRuntime) {
            throw launch.usage("--explain: unknown runtime '" + runtime + "' (give gateway, dashboard, a decision id "
                    + "such as gateway:gate:43, dashboard:canary, or child:<id>)");
        }
        Path stateDir = runtime.equals(GatewayRuntime.RUNTIME)
                ? launch.gateway().stateDir()
                : launch.dashboard().stateDir();
        RunnerInspector.Explanation e = new RunnerInspector(stateDir, runtime).explain(colon < 0 ? null : target);
        if (e.decision().isEmpty()) {
            launch.err()
                    .println(
                            colon < 0
                                    ? runtime + ": no gate decision recorded in " + e.log() + " yet"
                                    : "--explain: no decision '" + target + "' in " + e.log()
                                            + " (a decision is recorded when a verdict changes; ids are <runtime>:gate:<cycle>)");
            launch.out().println(now(runtime, e));
            return colon < 0 ? 0 : 1;
        }
        GateDecision d = e.decision().get();
        launch.out().print(d.explain());
        launch.out()
                .println("  events: cycle_id " + d.taken().cycleId() + " in "
                        + stateDir.resolve("runtime-events.jsonl"));
        launch.out().println(now(runtime, e));
        return 0;
    }

    private static String now(String runtime, RunnerInspector.Explanation e) {
        return "now: " + runtime + " " + e.gateNow().gate().wire() + " ("
                + e.gateNow().reasonCode() + "); " + e.signalsNow();
    }
}
