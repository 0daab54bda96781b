package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.taumesh.core.runner.wire.CycleReport;

/** What a cycle of one case made of it: the report, and the case's outcome (null when it was a duplicate). */
public record SingleRun(CycleReport report, CaseOutcome outcome, CaseResult result, String reason) {

    public boolean duplicate() {
        return outcome == null;
    }
}
