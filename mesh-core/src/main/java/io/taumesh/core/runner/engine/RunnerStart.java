package io.taumesh.core.runner.engine;

import io.taumesh.core.files.StateDirLock;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.storage.StateException;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.StorageFault;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

/** Blocking: what a runner's start does with its state dir before the runner exists. */
final class RunnerStart {

    /** A state dir taken and restored: the lock that holds it, its store, the state to go on from and the history. */
    record Opened(StateDirLock lock, StateStore store, RunnerState state, RunnerHistory history) {}

    private RunnerStart() {}

    /**
     * Takes the state dir for this runner alone, repairs what a crash left, restores the history and writes the
     * state the runner starts from (not paused, with the configured queue limit, health and gate re-evaluated).
     */
    static Opened open(RuntimeProfile profile, RunnerSettings settings, StateFs fs) throws StateException, IOException {
        StateDirLock lock = lock(profile, settings);
        try {
            if (!Files.isWritable(settings.stateDir())) {
                throw new StateException("state dir " + settings.stateDir() + " is not writable");
            }
            StateStore store = new StateStore(settings.stateDir(), profile.runtime(), settings.retention(), fs);
            RunnerState stored = store.loadState()
                    .orElseGet(() -> RunnerState.initial(profile.runtime(), settings.queueLimit(), profile.policy()));
            try {
                store.recover(stored);
                RunnerHistory history = RunnerHistory.restore(store, stored.cycleCount());
                RunnerState state = stored.withQueueLimit(settings.queueLimit())
                        .withPaused(false)
                        .reevaluated(stored.standing().failureStreak(), profile.policy());
                store.writeState(state);
                return new Opened(lock, store, state, history);
            } catch (IOException e) {
                StorageFault fault = StorageFault.of(
                                settings.stateDir(), e, Instant.now().toString())
                        .orElseThrow();
                throw new StateException(fault.describe(), e);
            }
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    private static StateDirLock lock(RuntimeProfile profile, RunnerSettings settings) throws StateException {
        try {
            return StateDirLock.acquire(settings.stateDir(), profile.runtime() + " runner");
        } catch (StateDirLock.HeldException e) {
            throw new StateException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StateException("state dir " + settings.stateDir() + " cannot be created: " + e.getMessage(), e);
        }
    }
}
