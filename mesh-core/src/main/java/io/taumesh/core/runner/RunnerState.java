package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;
import java.util.Map;

/** {@code state.json}: everything a runtime needs to continue after a restart, written whole after each cycle. */
public record RunnerState(
    int schemaVersion,
    String runtime,
    long cycleCount,
    String healthState,
    String healthReason,
    int failureStreak,
    int lastCycleFailed,
    int lastRetryableFailures,
    int lastRetryAttempts,
    int queueDepth,
    int queueLimit,
    String rolloutGate,
    String rolloutReasonCode,
    List<String> rolloutBreaches,
    Map<String, Object> rolloutPolicy,
    boolean paused,
    String lastCycleAt,
    long lastCycleUnixMs,
    long lastCycleDurationMs,
    RunnerCounters counters,
    Map<String, Long> reasonCodeCounts,
    List<FixtureCursor> fixtureCursors,
    CycleReport lastCycle) implements MeshMessage {

  /** The state of a runtime that has not run a cycle yet. */
  public static RunnerState initial(String runtime, int queueLimit, RolloutPolicy policy) {
    RolloutPolicy.Decision gate = policy.decide(new RolloutPolicy.Signals(HealthState.HEALTHY, 0, 0, 0, 0));
    return new RunnerState(SCHEMA_VERSION, runtime, 0, HealthState.HEALTHY.code(), "no cycle has run yet", 0, 0, 0, 0, 0,
        queueLimit, gate.gate().code(), gate.reasonCode(), gate.breaches(), policy.describe().getMap(), false, null, 0, 0,
        RunnerCounters.ZERO, Map.of(), List.of(), null);
  }

  public RunnerState withPaused(boolean value) {
    return new RunnerState(schemaVersion, runtime, cycleCount, healthState, healthReason, failureStreak, lastCycleFailed,
        lastRetryableFailures, lastRetryAttempts, queueDepth, queueLimit, rolloutGate, rolloutReasonCode, rolloutBreaches,
        rolloutPolicy, value, lastCycleAt, lastCycleUnixMs, lastCycleDurationMs, counters, reasonCodeCounts, fixtureCursors,
        lastCycle);
  }

  public RunnerState withQueueLimit(int value) {
    return new RunnerState(schemaVersion, runtime, cycleCount, healthState, healthReason, failureStreak, lastCycleFailed,
        lastRetryableFailures, lastRetryAttempts, queueDepth, value, rolloutGate, rolloutReasonCode, rolloutBreaches,
        rolloutPolicy, paused, lastCycleAt, lastCycleUnixMs, lastCycleDurationMs, counters, reasonCodeCounts, fixtureCursors,
        lastCycle);
  }

  /** The same state with its health and gate re-evaluated: after a streak reset, or under another policy. */
  public RunnerState reevaluated(int streak, RolloutPolicy policy) {
    HealthState.Classified health = HealthState.classify(streak, lastCycleFailed, lastRetryAttempts, lastRetryableFailures, queueDepth);
    RolloutPolicy.Decision gate = policy.decide(new RolloutPolicy.Signals(health.state(), streak, lastCycleFailed,
        lastRetryableFailures, queueDepth));
    return new RunnerState(schemaVersion, runtime, cycleCount, health.state().code(), health.reason(), streak, lastCycleFailed,
        lastRetryableFailures, lastRetryAttempts, queueDepth, queueLimit, gate.gate().code(), gate.reasonCode(), gate.breaches(),
        policy.describe().getMap(), paused, lastCycleAt, lastCycleUnixMs, lastCycleDurationMs, counters, reasonCodeCounts,
        fixtureCursors, lastCycle);
  }
}
