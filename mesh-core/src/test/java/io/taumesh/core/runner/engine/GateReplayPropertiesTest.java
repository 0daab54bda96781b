package io.taumesh.core.runner.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.taumesh.core.runner.wire.RunnerState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("Replaying a recorded history under its policy gives every verdict as the runner gave it")
class GateReplayPropertiesTest {

    private static final long T0 = 1_800_000_000_000L;

    /** A cycle of a generated history: its counts, the time since the last, and whether an operator reset after it. */
    record Step(int succeeded, int failed, int retryable, int duplicates, int queueDepth, long gapMs, boolean reset) {}

    /** Thresholds like the gateway's guardrails, in the engine's own module. */
    record Thresholds(int streak, int retryable) implements RolloutPolicy {
        @Override
        public Decision decide(Signals s) {
            List<String> breaches = new ArrayList<>();
            if (s.failureStreak() >= streak) {
                breaches.add("failure_streak_threshold_breached");
            }
            if (s.lastRetryableFailures() >= retryable) {
                breaches.add("retryable_failures_threshold_breached");
            }
            return breaches.isEmpty()
                    ? new Decision(RolloutGate.PASS, "guardrails_within_thresholds", List.of())
                    : new Decision(RolloutGate.HOLD, breaches.get(0), breaches);
        }

        @Override
        public JsonObject describe() {
            return new JsonObject().put("kind", "test").put("streak", streak).put("retryable", retryable);
        }
    }

    @Property(tries = 300)
    @Label("zero differences over generated histories, windows, thresholds and streak resets")
    void replayMatchesTheRunner(
            @ForAll("histories") List<Step> history,
            @ForAll @IntRange(min = 1, max = 4) int streakThreshold,
            @ForAll @IntRange(min = 1, max = 3) int retryableThreshold,
            @ForAll @IntRange(min = 1, max = 3) int minSamples,
            @ForAll("ages") long maxAgeMs) {
        RolloutPolicy policy =
                new GateWindow(minSamples, maxAgeMs).over(new Thresholds(streakThreshold, retryableThreshold));
        RunnerState state = RunnerState.initial("gateway", 10, policy);
        GateReplay replay = new GateReplay();
        long at = T0;
        int judged = 0;
        for (int i = 0; i < history.size(); i++) {
            Step step = history.get(i);
            at += step.gapMs();
            StateTransition t = cycle(state, policy, i + 1, at, step);
            state = t.next();
            // As the history stores it: a line of runtime-events.jsonl, read back.
            CycleReport stored =
                    MeshJson.fromJson(new JsonObject(MeshJson.toJsonString(t.report())), CycleReport.class);
            GateReplay.Verdict v = replay.next(stored, policy);
            assertThat(v.judged())
                    .as("cycle %d of %s", i + 1, history)
                    .isEqualTo(t.report().standing().rollout());
            assertThat(v.differs()).isFalse();
            judged++;
            if (step.reset()) {
                state = state.reevaluated(0, policy);
                replay.streakReset(state.standing().health());
            }
        }
        assertThat(judged).isEqualTo(history.size());
    }

    @Property(tries = 100)
    @Label("a replay under other thresholds differs exactly where those thresholds judge otherwise")
    void backtestFindsTheFlips(@ForAll("histories") List<Step> history) {
        RolloutPolicy recorded = GateWindow.DEFAULT.over(new Thresholds(2, 2));
        RolloutPolicy proposed = GateWindow.DEFAULT.over(new Thresholds(1, 2));
        RunnerState state = RunnerState.initial("gateway", 10, recorded);
        GateReplay replay = new GateReplay();
        long at = T0;
        for (int i = 0; i < history.size(); i++) {
            Step step = history.get(i);
            at += step.gapMs();
            StateTransition t = cycle(state, recorded, i + 1, at, step);
            state = t.next();
            GateReplay.Verdict v = replay.next(t.report(), proposed);
            // A streak of exactly one is a breach under the proposal and not as recorded: that, and only that,
            // changes the verdict (to hold, or to a hold with another reason and one more breach).
            boolean flips = state.standing().failureStreak() == 1;
            assertThat(v.differs()).as("cycle %d of %s", i + 1, history).isEqualTo(flips);
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of(1_000L, 30_000L, 600_000L, 7_200_000L),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as((s, f, r, d, q, gap, reset) -> new Step(s, f, Math.min(r, f), d, q, gap, reset));
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Long> ages() {
        return Arbitraries.of(60_000L, 3_600_000L);
    }

    /** The runner's own transition for one step of a history, started at {@code at}. */
    private static StateTransition cycle(RunnerState before, RolloutPolicy policy, long cycleId, long at, Step step) {
        return StateTransition.of(
                before,
                policy,
                cycleId,
                new CycleTiming(Instant.ofEpochMilli(at).toString(), at, 1),
                "batch",
                new CycleTrace("r", null),
                outcome(step),
                List.of());
    }

    private static CycleOutcome outcome(Step s) {
        CycleCounts counts = new CycleCounts(
                s.succeeded() + s.failed() + s.duplicates() + s.queueDepth(),
                s.succeeded() + s.failed(),
                s.succeeded(),
                s.failed(),
                s.retryable(),
                s.retryable(),
                s.duplicates(),
                0,
                s.queueDepth());
        return new CycleOutcome(counts, List.of(), Map.of(), List.of(), Map.of());
    }
}
