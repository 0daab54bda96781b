package io.taumesh.launcher;

import io.taumesh.core.runner.control.RunnerInspector;
import io.taumesh.core.runner.engine.GateReplay;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.DecisionLog;
import io.taumesh.core.runner.storage.StateException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A runtime's recorded cycles judged again, in order, with the operator's streak resets where they were made: the
 * common part of {@code --decisions-replay} and {@code --gate-backtest}.
 */
final class GateHistory {

    /** The cycles judged and the verdicts that came out otherwise than recorded. */
    record Judged(int cycles, List<GateReplay.Verdict> differing) {}

    private final Path stateDir;
    private final String runtime;
    private final List<GateDecision> decisions;

    GateHistory(Path stateDir, String runtime) throws StateException {
        this.stateDir = stateDir;
        this.runtime = runtime;
        try {
            this.decisions = DecisionLog.reader(stateDir).all();
        } catch (IOException e) {
            throw new StateException(stateDir.resolve(DecisionLog.FILE) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The policy each cycle was judged under: that of the last gate decision recorded at or before it. */
    LongFunction<RolloutPolicy> recordedPolicies(Map<String, Object> current) {
        TreeMap<Long, Map<String, Object>> byCycle = new TreeMap<>();
        decisions.stream()
                .filter(d -> d.taken().kind().equals(GateDecision.KIND))
                .forEach(d -> byCycle.put(d.taken().cycleId(), d.policyUsed().policy()));
        Map<String, RolloutPolicy> built = new HashMap<>();
        return cycle -> {
            Map.Entry<Long, Map<String, Object>> at = byCycle.floorEntry(cycle);
            Map<String, Object> described = at == null ? current : at.getValue();
            return built.computeIfAbsent(described.toString(), k -> RecordedPolicy.of(described));
        };
    }

    /** How many distinct policies the decisions recorded. */
    long recordedPolicyCount() {
        return decisions.stream()
                .filter(d -> d.taken().kind().equals(GateDecision.KIND))
                .map(d -> d.policyUsed().policyVersion())
                .distinct()
                .count();
    }

    Judged judge(LongFunction<RolloutPolicy> policyAt) throws StateException {
        Map<Long, HealthState.Classified> resets = new HashMap<>();
        decisions.stream()
                .filter(d -> d.taken().kind().equals(GateDecision.STREAK_RESET))
                .forEach(d -> resets.put(
                        d.taken().cycleId(),
                        new HealthState.Classified(
                                d.inputs().health(), d.inputs().healthReason())));
        GateReplay replay = new GateReplay();
        List<GateReplay.Verdict> differing = new ArrayList<>();
        int[] cycles = {0};
        new RunnerInspector(stateDir, runtime).replayEvents(report -> {
            GateReplay.Verdict v = replay.next(report, policyAt.apply(report.cycleId()));
            cycles[0]++;
            if (v.differs()) {
                differing.add(v);
            }
            HealthState.Classified reset = resets.get(report.cycleId());
            if (reset != null) {
                replay.streakReset(reset);
            }
        });
        return new Judged(cycles[0], differing);
    }

    /** A verdict in words: its gate, its reason code, any other breach it lists, and its dry-run breaches. */
    static String describe(RolloutPolicy.Decision d) {
        List<String> others =
                d.breaches().stream().filter(b -> !b.equals(d.reasonCode())).toList();
        return d.gate().wire() + " (" + d.reasonCode() + (others.isEmpty() ? "" : "; also " + String.join(", ", others))
                + (d.dryRunBreaches().isEmpty() ? "" : "; dry run: " + String.join(", ", d.dryRunBreaches())) + ")";
    }

    static String cycles(int n) {
        return n + (n == 1 ? " cycle" : " cycles");
    }
}
