package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Runs a case's attempts for one cycle: the fixture's simulated transient failures first, then the runtime's
 * processor, a transient failure retried after the policy's backoff until its attempts run out.
 */
final class CaseAttempts {

    private final Vertx vertx;
    private final CaseProcessor processor;
    private final RetryPolicy retry;
    private final Correlation correlation;
    private int retries;

    CaseAttempts(Vertx vertx, CaseProcessor processor, RetryPolicy retry, Correlation correlation) {
        this.vertx = vertx;
        this.processor = processor;
        this.retry = retry;
        this.correlation = correlation;
    }

    /** How many retries the cases run so far took. */
    int retries() {
        return retries;
    }

    /** Never fails: a failure becomes the case's outcome. */
    Future<CaseRun> run(FixtureEntry.Valid testCase) {
        return attempt(testCase, 1);
    }

    private Future<CaseRun> attempt(FixtureEntry.Valid testCase, int attemptNo) {
        return result(testCase, attemptNo).transform(ar -> {
            if (ar.failed()) {
                return Future.succeededFuture(new CaseRun(
                        testCase,
                        CaseOutcome.FAILED,
                        attemptNo,
                        null,
                        "processing failed: " + ar.cause().getMessage()));
            }
            CaseResult r = ar.result();
            if (!r.transientFailure()) {
                return Future.succeededFuture(testCase.expect()
                        .mismatch(r)
                        .map(why -> new CaseRun(testCase, CaseOutcome.FAILED, attemptNo, r, why))
                        .orElseGet(() -> new CaseRun(testCase, CaseOutcome.SUCCEEDED, attemptNo, r, null)));
            }
            if (attemptNo < retry.maxAttempts()) {
                retries++;
                long delay = retry.delayBefore(attemptNo + 1);
                return delay == 0
                        ? attempt(testCase, attemptNo + 1)
                        : vertx.timer(delay).compose(t -> attempt(testCase, attemptNo + 1));
            }
            return Future.succeededFuture(new CaseRun(
                    testCase,
                    CaseOutcome.RETRYABLE_FAILURE,
                    attemptNo,
                    r,
                    "retries exhausted after " + attemptNo + " attempt(s): "
                            + r.body().getString("error")));
        });
    }

    private Future<CaseResult> result(FixtureEntry.Valid testCase, int attemptNo) {
        if (attemptNo <= testCase.transientFailures()) {
            return Future.succeededFuture(CaseResult.transientFailure(
                    "simulated transient failure " + attemptNo + " of " + testCase.transientFailures()));
        }
        try {
            return processor.process(testCase, attemptNo, correlation);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
