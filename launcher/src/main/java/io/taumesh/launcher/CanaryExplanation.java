package io.taumesh.launcher;

import io.taumesh.dashboard.CanaryTracker;
import io.taumesh.dashboard.CanaryVerdict;
import io.taumesh.dashboard.DashboardInspection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@code --explain dashboard:canary[:CYCLE]}: a recorded canary verdict in plain words, and the phases as of now. */
final class CanaryExplanation {

    static final String PREFIX = "dashboard:canary";

    private final PrintStream out;
    private final PrintStream err;

    CanaryExplanation(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Prints the verdict named by {@code target} (the latest for {@code dashboard:canary}); 1 when it is not recorded. */
    int print(Path stateDir, String target) throws Exception {
        DashboardInspection inspection = new DashboardInspection(stateDir);
        @Nullable String id = target.equals(PREFIX) ? null : target;
        Optional<CanaryVerdict> verdict = inspection.recordedCanary(id);
        if (verdict.isEmpty()) {
            err.println(
                    id == null
                            ? "dashboard: no canary verdict recorded in " + inspection.canaryLog() + " yet"
                            : "--explain: no canary verdict '" + id + "' in " + inspection.canaryLog()
                                    + " (a verdict is recorded when it changes; ids are dashboard:canary:<cycle>)");
        } else {
            out.print(verdict.get().explain());
            out.println("  events: cycle_id " + verdict.get().cycleId() + " in "
                    + stateDir.resolve("runtime-events.jsonl"));
        }
        CanaryTracker.Evaluation now = inspection.canary(System.currentTimeMillis());
        out.println("now: "
                + (now.promotableTo() == null ? "no phase may take traffic" : "promotable to " + now.promotableTo())
                + (now.nextPhase() == null
                        ? "; every phase holds"
                        : "; " + now.nextPhase() + " blocked by " + String.join("; ", now.nextPhaseBlockedBy())));
        return verdict.isEmpty() && id != null ? 1 : 0;
    }
}
