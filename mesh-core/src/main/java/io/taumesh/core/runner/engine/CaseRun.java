package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CaseResult;

/** One case as a cycle ran it: its outcome, after how many attempts, what it produced, and why it failed. */
record CaseRun(FixtureEntry.Valid testCase, CaseOutcome outcome, int attempts, CaseResult result, String reason) {}
