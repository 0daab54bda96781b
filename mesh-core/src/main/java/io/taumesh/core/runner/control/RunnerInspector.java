package io.taumesh.core.runner.control;

import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.GateDryRun;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.DecisionLog;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.runner.wire.TransportHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Reads a runtime's state dir without a running mesh: what the inspect commands print. Blocking. */
public final class RunnerInspector {

    private final StateStore store;
    private final String runtime;

    public RunnerInspector(Path stateDir, String runtime) {
        this.store = new StateStore(stateDir, runtime);
        this.runtime = runtime;
    }

    public TransportHealth transportHealth() throws StateException {
        return TransportHealth.of(store.dir().toString(), state(), 0);
    }

    public RunnerStatus status() throws StateException {
        return status(null);
    }

    /** The status, with the gate evaluated under {@code policy} when one is given (else as stored). */
    public RunnerStatus status(RolloutPolicy policy) throws StateException {
        RunnerState stored = state();
        RunnerState state = policy == null
                ? stored
                : stored.reevaluated(
                        stored.standing().failureStreak(),
                        GateDryRun.of(stored.standing().rolloutPolicy())
                                .over(GateWindow.of(stored.standing().rolloutPolicy())
                                        .over(policy)));
        // Only the tail of the event log: an inspection costs the same however long the history.
        StateStore.Events events = store.recentEvents(RunnerStatus.RECENT);
        List<CycleReport> reports = events.reports();
        RunnerStatus.EventLog log = new RunnerStatus.EventLog(
                store.eventsPath().toString(),
                stored.cycleCount(),
                reports.isEmpty() ? 0 : reports.get(reports.size() - 1).cycleId(),
                events.tornTail(),
                events.invalidLines(),
                segments());
        return RunnerStatus.of(store.dir().toString(), state, state.queue().queueDepth(), log, reports);
    }

    /** Streams every cycle report of the history (kept segments, then the live log), in order; returns the lines passed over. */
    public int replayEvents(Consumer<CycleReport> each) throws StateException {
        state();
        return store.replayEvents(each);
    }

    /**
     * The latest gate decision recorded ({@code decisions.jsonl}), or the one named {@code decisionId}, with the
     * window as of now: a verdict recorded an hour ago may read {@code hold} ({@code insufficient_data}) today.
     */
    public Explanation explain(String decisionId) throws StateException {
        RunnerState stored = state();
        DecisionLog log = store.decisions();
        try {
            Optional<GateDecision> decision = decisionId == null
                    ? log.latest()
                    : log.all().stream()
                            .filter(d -> d.taken().decisionId().equals(decisionId))
                            .findFirst();
            RunnerState now = stored.asOf(System.currentTimeMillis());
            return new Explanation(
                    decision,
                    now.standing().rollout(),
                    "after cycle " + stored.cycleCount() + ": failure_streak "
                            + stored.standing().failureStreak()
                            + ", exhausted retries in the last sample "
                            + stored.latest().recent().lastRetryableFailures()
                            + ", health " + stored.standing().health().state().wire() + " ("
                            + stored.standing().health().reason() + "); "
                            + GateWindow.of(stored.standing().rolloutPolicy())
                                    .explain(stored.latest().gateSamplesUnixMs(), System.currentTimeMillis()),
                    store.dir().resolve(DecisionLog.FILE).toString());
        } catch (IOException e) {
            throw new StateException(store.dir().resolve(DecisionLog.FILE) + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A recorded decision (empty when none is), the gate as of now, and its signals and window now in words. */
    public record Explanation(
            Optional<GateDecision> decision, RolloutPolicy.Decision gateNow, String signalsNow, String log) {}

    private int segments() throws StateException {
        try {
            return store.events().segments().size();
        } catch (IOException e) {
            throw new StateException(store.eventsPath() + " segments cannot be listed: " + e.getMessage(), e);
        }
    }

    private RunnerState state() throws StateException {
        Path dir = store.dir();
        if (!Files.exists(dir)) {
            throw new StateException("the " + runtime + " state dir " + dir + " does not exist; run the " + runtime
                    + " contract runner first (./tau-mesh --" + runtime + "-contract-runner --" + runtime
                    + "-fixture FILE)");
        }
        if (!Files.isDirectory(dir)) {
            throw new StateException("the " + runtime + " state dir " + dir + " is not a directory");
        }
        return store.loadState()
                .orElseThrow(() -> new StateException("the " + runtime + " state dir " + dir + " has no "
                        + StateStore.STATE + "; run the " + runtime + " contract runner first"));
    }
}
