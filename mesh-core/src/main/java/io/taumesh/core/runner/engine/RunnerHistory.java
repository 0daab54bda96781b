package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.storage.CaseIdSet;
import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.storage.RunnerCheckpoint;
import io.taumesh.core.runner.storage.StateStore;
import java.io.IOException;
import java.util.Map;

/** What a start restores from the state dir: every processed id, each channel's records, the checkpoint it began from. */
record RunnerHistory(CaseIdSet processed, Map<String, Long> recordsPerChannel, RunnerCheckpoint checkpoint) {

    /**
     * Blocking. The history from the last checkpoint on, so that a start costs the same however long the history;
     * what was written after the checkpoint is checkpointed at once.
     */
    static RunnerHistory restore(StateStore store, long committedCycle) throws IOException {
        RunnerCheckpoint checkpoint = store.loadCheckpoint();
        if (checkpoint.cycleId() > committedCycle) {
            checkpoint = RunnerCheckpoint.NONE; // not this state's: read everything again
        }
        CaseIdSet processed = store.readCaseIndex(checkpoint);
        ChannelStore.Recovered recovered = store.channels().recover(committedCycle, checkpoint);
        recovered.caseIdsSinceCheckpoint().forEach(processed::add);
        if (!recovered.caseIdsSinceCheckpoint().isEmpty() || checkpoint.cycleId() < committedCycle) {
            store.checkpoint(committedCycle, checkpoint.caseIndexBytes(), recovered.caseIdsSinceCheckpoint());
            checkpoint = store.loadCheckpoint();
        }
        return new RunnerHistory(processed, recovered.recordsPerChannel(), checkpoint);
    }
}
