package io.taumesh.core.runner.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.RunnerState;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The decision log keeps each gate verdict as it changes, with the cycles of its failure streak")
class DecisionLogTest {

    private static final long T0 = 1_800_000_000_000L;

    /** Holds at a failure streak of two, as the gateway's guardrails do by default. */
    private static final RolloutPolicy STREAK_OF_TWO = new RolloutPolicy() {
        @Override
        public Decision decide(Signals s) {
            return s.failureStreak() >= 2
                    ? new Decision(
                            RolloutGate.HOLD,
                            "failure_streak_threshold_breached",
                            List.of("failure_streak_threshold_breached"))
                    : new Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of());
        }

        @Override
        public List<String> explain(Decision decision, Signals s) {
            return List.of(
                    "failure_streak " + s.failureStreak() + (s.failureStreak() >= 2 ? " >= " : " < ") + "threshold 2");
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "test_streak").put("failure_streak_threshold", 2);
        }
    };

    @TempDir
    Path dir;

    @Test
    @DisplayName("a verdict is recorded once, when it changes; the hold names the failed cycles behind its streak")
    void recordsChangesWithTheirStreak() throws Exception {
        SegmentedLog events = new SegmentedLog(dir.resolve(StateStore.EVENTS), LogRetention.DEFAULT);
        DecisionLog log = new DecisionLog(dir, LogRetention.DEFAULT, StateFs.DISK, events);
        RolloutPolicy policy = GateWindow.DEFAULT.over(STREAK_OF_TWO);
        List<Long> samples = new ArrayList<>();
        // Cycle 1 passes; 2 fails; 3 runs no case (no sample, no break); 4 fails: hold from 4; 5 fails too.
        int[][] cycles = {{1, 3, 0}, {2, 0, 1}, {3, 0, 0}, {4, 0, 1}, {5, 0, 1}};
        int streak = 0;
        List<Boolean> recorded = new ArrayList<>();
        for (int[] c : cycles) {
            long id = c[0];
            boolean sample = c[1] + c[2] > 0;
            if (sample) {
                streak = c[2] > 0 ? streak + 1 : 0;
                samples.add(T0 + id * 1000);
            }
            events.append(List.of(new JsonObject()
                    .put("cycle_id", id)
                    .put("counts", new JsonObject().put("succeeded", c[1]).put("failed", c[2]))
                    .encode()));
            recorded.add(log.record(decision(policy, id, streak, samples, sample)));
        }

        assertThat(recorded).containsExactly(true, false, false, true, false);
        List<GateDecision> all = log.all();
        assertThat(all).extracting(d -> d.taken().decisionId()).containsExactly("gateway:gate:1", "gateway:gate:4");
        GateDecision hold = all.get(1);
        assertThat(hold.outcome().verdict()).isEqualTo(RolloutGate.HOLD);
        assertThat(hold.streakCycleIds())
                .as("cycle 3 ran no case, so it is no break")
                .containsExactly(2L, 4L);
        assertThat(hold.inputs().freshSamples()).isEqualTo(3);
        assertThat(hold.policyUsed().policyVersion()).isEqualTo(GateDecision.version(policy.describe()));
        assertThat(hold.explain())
                .contains("gateway: hold (failure_streak_threshold_breached) since cycle 4")
                .contains("because: failure_streak 2 >= threshold 2 over cycles 2, 4")
                .contains("because: 3 fresh samples within 1 h >= the 1 the window needs");
        assertThat(log.latest()).contains(hold);
    }

    @Test
    @DisplayName("a torn last line (a crash mid-write) is left out when read and cut before the next append")
    void tornLastLine() throws Exception {
        SegmentedLog events = new SegmentedLog(dir.resolve(StateStore.EVENTS), LogRetention.DEFAULT);
        RolloutPolicy policy = GateWindow.DEFAULT.over(STREAK_OF_TWO);
        GateDecision pass = decision(policy, 1, 0, List.of(T0), true);
        new DecisionLog(dir, LogRetention.DEFAULT, StateFs.DISK, events).record(pass);
        Files.writeString(
                dir.resolve(DecisionLog.FILE),
                "{\"decision_id\":\"gateway:gate:2\",\"ver",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        DecisionLog reopened = new DecisionLog(dir, LogRetention.DEFAULT, StateFs.DISK, events);
        assertThat(reopened.latest().map(d -> d.taken().decisionId())).contains("gateway:gate:1");
        assertThat(reopened.record(decision(policy, 2, 0, List.of(T0, T0 + 1), true)))
                .as("the same verdict as the last complete line")
                .isFalse();
        GateDecision hold = decision(policy, 3, 2, List.of(T0, T0 + 1, T0 + 2), true);
        assertThat(reopened.record(hold)).isTrue();
        assertThat(reopened.all())
                .extracting(d -> d.taken().decisionId())
                .containsExactly("gateway:gate:1", "gateway:gate:3");
        assertThat(MeshJson.toJson(MeshJson.bind(new JsonObject(MeshJson.toJsonString(hold)), GateDecision.class)))
                .as("a line reads back as it was written")
                .isEqualTo(MeshJson.toJson(hold));
    }

    @Test
    @DisplayName("a last line that is no decision (another shape) does not stop the next verdict being recorded")
    void unreadableLastLine() throws Exception {
        SegmentedLog events = new SegmentedLog(dir.resolve(StateStore.EVENTS), LogRetention.DEFAULT);
        Files.writeString(dir.resolve(DecisionLog.FILE), "{\"not\":\"a decision\"}\n", StandardCharsets.UTF_8);
        DecisionLog log = new DecisionLog(dir, LogRetention.DEFAULT, StateFs.DISK, events);
        RolloutPolicy policy = GateWindow.DEFAULT.over(STREAK_OF_TWO);

        assertThat(log.record(decision(policy, 1, 0, List.of(T0), true))).isTrue();
        assertThat(log.latest().map(d -> d.taken().decisionId())).contains("gateway:gate:1");
    }

    @Test
    @DisplayName("an operator's streak reset is recorded with the gate it left, as a decision of its own kind")
    void streakReset() throws Exception {
        SegmentedLog events = new SegmentedLog(dir.resolve(StateStore.EVENTS), LogRetention.DEFAULT);
        DecisionLog log = new DecisionLog(dir, LogRetention.DEFAULT, StateFs.DISK, events);
        RolloutPolicy policy = GateWindow.DEFAULT.over(STREAK_OF_TWO);
        RunnerState after = RunnerState.initial("gateway", 10, policy).reevaluated(0, policy);

        log.recordReset(after, T0);

        GateDecision reset = log.latest().orElseThrow();
        assertThat(reset.taken().kind()).isEqualTo(GateDecision.STREAK_RESET);
        assertThat(reset.taken().decisionId()).isEqualTo("gateway:streak_reset:0@" + T0);
        assertThat(reset.inputs().failureStreak()).isZero();
        assertThat(reset.outcome().verdict())
                .isEqualTo(after.standing().rollout().gate());
        assertThat(reset.why()).containsExactly("an operator reset the failure streak to 0 after cycle 0");
    }

    @Test
    @DisplayName("with too few fresh samples the record says so, in the window's own words")
    void insufficientData() {
        RolloutPolicy policy = new GateWindow(3, 60_000).over(STREAK_OF_TWO);
        GateDecision d = decision(policy, 7, 0, List.of(T0 + 7000), true);
        assertThat(d.outcome().verdict()).isEqualTo(RolloutGate.HOLD);
        assertThat(d.outcome().reasonCode()).isEqualTo(GateWindow.INSUFFICIENT_DATA);
        assertThat(d.why()).contains("1 fresh sample within 1 min < the 3 the window needs (insufficient_data)");
    }

    private static GateDecision decision(
            RolloutPolicy policy, long cycleId, int streak, List<Long> samples, boolean sample) {
        RolloutPolicy.Signals signals = new RolloutPolicy.Signals(
                streak > 0 ? HealthState.DEGRADED : HealthState.HEALTHY,
                streak,
                streak > 0 ? 1 : 0,
                0,
                0,
                samples,
                T0 + cycleId * 1000);
        return GateDecision.of(
                "gateway",
                cycleId,
                "at-" + cycleId,
                policy,
                signals,
                new HealthState.Classified(signals.health(), "test"),
                policy.decide(signals),
                sample,
                List.of());
    }
}
