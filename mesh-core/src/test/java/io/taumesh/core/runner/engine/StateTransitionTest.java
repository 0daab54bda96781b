package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.taumesh.core.runner.wire.RunnerState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a cycle moves the state: a cycle that ran no case is no evidence, and an unused window holds the gate. */
@DisplayName("State transitions")
class StateTransitionTest {

    /** Holds at a streak of two, like the gateway's default guardrail. */
    private static final RolloutPolicy STREAK_OF_TWO = GateWindow.DEFAULT.over(new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return s.failureStreak() >= 2
                    ? new Decision(RolloutGate.HOLD, "failure_streak_threshold_breached", List.of("streak"))
                    : new Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of());
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "streak_of_two");
        }
    });

    private static CycleOutcome outcome(int succeeded, int failed, int duplicates, int malformed) {
        CycleCounts counts = new CycleCounts(
                succeeded + failed + duplicates + malformed,
                succeeded + failed,
                succeeded,
                failed,
                0,
                0,
                duplicates,
                malformed,
                0);
        return new CycleOutcome(counts, List.of(ReasonCode.DUPLICATE_CASES_SKIPPED), Map.of(), List.of(), Map.of());
    }

    private static RunnerState cycle(RunnerState before, long atMs, CycleOutcome outcome) {
        return StateTransition.of(
                        before,
                        STREAK_OF_TWO,
                        before.cycleCount() + 1,
                        new CycleTiming(Instant.ofEpochMilli(atMs).toString(), atMs, 1),
                        "batch",
                        new CycleTrace("r", null),
                        outcome,
                        List.of())
                .next();
    }

    @Test
    @DisplayName("a new runner's gate holds for insufficient data, not passes")
    void newRunnerHolds() {
        RunnerState fresh = RunnerState.initial("gateway", 10, STREAK_OF_TWO);
        assertThat(fresh.standing().rollout().gate()).isEqualTo(RolloutGate.HOLD);
        assertThat(fresh.standing().rollout().reasonCode()).isEqualTo(GateWindow.INSUFFICIENT_DATA);
        assertThat(fresh.latest().gateSamplesUnixMs()).isEmpty();
    }

    @Test
    @DisplayName("a cycle of duplicates and malformed entries resets no streak and adds no sample")
    void noEvidenceChangesNothing() {
        long t = System.currentTimeMillis();
        RunnerState s = RunnerState.initial("gateway", 10, STREAK_OF_TWO);
        s = cycle(s, t, outcome(0, 1, 0, 0));
        s = cycle(s, t + 1, outcome(0, 2, 0, 0));
        assertThat(s.standing().failureStreak()).isEqualTo(2);
        assertThat(s.standing().rollout().reasonCode()).isEqualTo("failure_streak_threshold_breached");

        RunnerState after = cycle(s, t + 2, outcome(0, 0, 5, 2));
        assertThat(after.standing().failureStreak()).isEqualTo(2);
        assertThat(after.standing().health()).isEqualTo(s.standing().health());
        assertThat(after.latest().recent()).isEqualTo(s.latest().recent());
        assertThat(after.latest().gateSamplesUnixMs())
                .isEqualTo(s.latest().gateSamplesUnixMs())
                .hasSize(2);
        assertThat(after.standing().rollout().gate()).isEqualTo(RolloutGate.HOLD);
        assertThat(after.latest().lastCycle().standing().failureStreak()).isEqualTo(2);
        assertThat(after.tallies().counters()).isNotEqualTo(s.tallies().counters());

        RunnerState healed = cycle(after, t + 3, outcome(3, 0, 0, 0));
        assertThat(healed.standing().failureStreak()).isZero();
        assertThat(healed.standing().health().state()).isEqualTo(HealthState.HEALTHY);
        assertThat(healed.standing().rollout().gate()).isEqualTo(RolloutGate.PASS);
    }

    @Test
    @DisplayName("a runner that saw only duplicates has no sample and holds")
    void onlyDuplicatesHold() {
        RunnerState s = cycle(
                RunnerState.initial("dashboard", 10, STREAK_OF_TWO), System.currentTimeMillis(), outcome(0, 0, 4, 0));
        assertThat(s.standing().rollout().reasonCode()).isEqualTo(GateWindow.INSUFFICIENT_DATA);
    }

    @Test
    @DisplayName("a pass ages into a hold for insufficient data when read after the window")
    void passAgesOut() {
        long t = System.currentTimeMillis();
        RunnerState s = cycle(RunnerState.initial("gateway", 10, STREAK_OF_TWO), t, outcome(2, 0, 0, 0));
        assertThat(s.standing().rollout().gate()).isEqualTo(RolloutGate.PASS);
        assertThat(s.asOf(t + GateWindow.DEFAULT_MAX_AGE_MS)).isSameAs(s);
        RunnerState later = s.asOf(t + GateWindow.DEFAULT_MAX_AGE_MS + 1);
        assertThat(later.standing().rollout().gate()).isEqualTo(RolloutGate.HOLD);
        assertThat(later.standing().rollout().reasonCode()).isEqualTo(GateWindow.INSUFFICIENT_DATA);
        assertThat(later.standing().failureStreak()).isEqualTo(s.standing().failureStreak());
    }
}
