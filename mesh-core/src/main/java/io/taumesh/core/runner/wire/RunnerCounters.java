package io.taumesh.core.runner.wire;

/** Totals over every committed cycle of a runtime. */
public record RunnerCounters(
        long cycles,
        long casesProcessed,
        long casesSucceeded,
        long casesFailed,
        long retryAttempts,
        long retryableFailures,
        long duplicatesSkipped,
        long malformedRejected,
        long backpressureCycles) {

    public static final RunnerCounters ZERO = new RunnerCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public RunnerCounters plus(CycleCounts c) {
        return new RunnerCounters(
                cycles + 1,
                casesProcessed + c.processed(),
                casesSucceeded + c.succeeded(),
                casesFailed + c.failed(),
                retryAttempts + c.retryAttempts(),
                retryableFailures + c.retryableFailures(),
                duplicatesSkipped + c.duplicates(),
                malformedRejected + c.malformed(),
                backpressureCycles + (c.queueDepth() > 0 ? 1 : 0));
    }
}
