package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.fixture.CaseFields;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.Future;

/** What a runtime does with its fixture cases; the runner does the queueing, retries and bookkeeping. */
public interface CaseProcessor extends CaseFields {

    /**
     * Processes one attempt of a valid case. A result marked transient is retried by the runner; a failed
     * future is a processing failure.
     */
    Future<CaseResult> process(FixtureEntry.Valid testCase, int attempt, Correlation correlation);
}
