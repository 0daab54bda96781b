package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.runner.wire.CycleReport;

/** What a cycle of one case made of it: the report, and the case's outcome (null when it was a duplicate). */
public record SingleRun(CycleReport report, CaseOutcome outcome, CaseResult result, String reason) {

    /** The single case's cycle as committed: a duplicate when no case ran. */
    static SingleRun of(CycleCommit.Committed done, String caseId) {
        if (done.runs().isEmpty()) {
            return new SingleRun(
                    done.report(), null, null, "already applied: case " + caseId + " was processed before");
        }
        CaseRun run = done.runs().get(0);
        return new SingleRun(done.report(), run.outcome(), run.result(), run.reason());
    }

    public boolean duplicate() {
        return outcome == null;
    }
}
