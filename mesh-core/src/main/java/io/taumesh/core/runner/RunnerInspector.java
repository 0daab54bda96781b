package io.taumesh.core.runner;

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
    RunnerState state = policy == null ? stored : stored.reevaluated(stored.failureStreak(), policy);
    StateStore.Events events = store.readEvents();
    List<CycleReport> reports = events.reports();
    RunnerStatus.EventLog log = new RunnerStatus.EventLog(store.eventsPath().toString(), reports.size(),
        reports.isEmpty() ? 0 : reports.get(reports.size() - 1).cycleId(), events.tornTail(), events.invalidLines());
    return RunnerStatus.of(store.dir().toString(), state, state.queue().queueDepth(), log, reports);
  }

  public StateStore.Events events() throws StateException {
    state();
    return store.readEvents();
  }

  private RunnerState state() throws StateException {
    Path dir = store.dir();
    if (!Files.exists(dir)) {
      throw new StateException("the " + runtime + " state dir " + dir + " does not exist; run the " + runtime
          + " contract runner first (./tau-mesh --" + runtime + "-contract-runner --" + runtime + "-fixture FILE)");
    }
    if (!Files.isDirectory(dir)) {
      throw new StateException("the " + runtime + " state dir " + dir + " is not a directory");
    }
    return store.loadState().orElseThrow(() -> new StateException("the " + runtime + " state dir " + dir
        + " has no " + StateStore.STATE + "; run the " + runtime + " contract runner first"));
  }
}
