package io.taumesh.core.runner.control;

import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import io.taumesh.core.runner.wire.TransportHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
                        stored.failureStreak(),
                        GateWindow.of(stored.rolloutPolicy()).over(policy));
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
    public int replayEvents(java.util.function.Consumer<CycleReport> each) throws StateException {
        state();
        return store.replayEvents(each);
    }

    private int segments() throws StateException {
        try {
            return store.events().segments().size();
        } catch (java.io.IOException e) {
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
